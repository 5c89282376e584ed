package org.tcpkit.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/** Runs a bench: starts the worker threads, steps through the phases, shows progress and sums the results. */
public final class LoadRun {
    private LoadRun() {
    }

    /**
     * Runs {@code config} against its server.
     *
     * @param progress where a live status line goes once a second (a terminal), or null for none
     */
    public static BenchResult run(BenchConfig config, PrintWriter progress) throws InterruptedException {
        if (config.mode().chat()) {
            return runChat(config, progress);
        }
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        int threads = Math.max(1, Math.min(config.ioThreads(), config.connections()));
        long cpuStart = processCpuNanos();
        long started = System.nanoTime();
        RunClock clock = new RunClock(config.connections(), config.timeout().toNanos());
        List<LoadWorker> workers = new ArrayList<>();
        int first = 0;
        for (int t = 0; t < threads; t++) {
            int share = config.connections() / threads + (t < config.connections() % threads ? 1 : 0);
            workers.add(new LoadWorker(config, clock, address, first, share));
            first += share;
        }
        boolean timed = config.mode() != BenchMode.HOLD && config.messages() == 0;
        long connectedAt = drive(workers, "bench-io-", clock, config, timed, progress, started, "messages echoed",
                () -> workers.stream().mapToLong(worker -> worker.echoedMessages).sum());
        long ended = System.nanoTime();
        return summarize(config, workers, started, connectedAt, ended, clock, processCpuNanos() - cpuStart);
    }

    private static BenchResult runChat(BenchConfig config, PrintWriter progress) throws InterruptedException {
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        int total = config.connections() + config.stalled();
        int threads = Math.max(1, Math.min(config.ioThreads(), total));
        long cpuStart = processCpuNanos();
        long started = System.nanoTime();
        RunClock clock = new RunClock(total, config.timeout().toNanos());
        List<ChatLoad> workers = new ArrayList<>();
        int first = 0;
        int firstStalled = config.connections();
        for (int t = 0; t < threads; t++) {
            int share = config.connections() / threads + (t < config.connections() % threads ? 1 : 0);
            int stalled = config.stalled() / threads + (t < config.stalled() % threads ? 1 : 0);
            workers.add(new ChatLoad(config, clock, address, first, share, firstStalled, stalled));
            first += share;
            firstStalled += stalled;
        }
        long joinedAt = drive(workers, "bench-chat-", clock, config, true, progress, started, "lines delivered",
                () -> workers.stream().mapToLong(worker -> worker.delivered).sum());
        long ended = System.nanoTime();
        Histogram latency = new Histogram(60_000_000_000L, 3);
        long deliveries = 0;
        long bytes = 0;
        long verified = 0;
        long sent = 0;
        long errors = 0;
        long failures = 0;
        long dropped = 0;
        String firstError = null;
        for (ChatLoad worker : workers) {
            dropped += worker.stalledDropped;
            latency.add(worker.latencies);
            deliveries += worker.measuredDeliveries;
            bytes += worker.measuredBytes;
            verified += worker.verifiedBytes;
            sent += worker.measuredSent;
            errors += worker.errors;
            failures += worker.connectFailures;
            if (firstError == null) {
                firstError = worker.firstError;
            }
        }
        double seconds = (Math.min(ended, clock.measureEnd()) - clock.measureStart()) / 1e9;
        double wall = (ended - started) / 1e9;
        return new BenchResult(config, total - failures, failures, errors, firstError, deliveries, bytes, verified,
                Math.max(0, seconds), latency, (joinedAt - started) / 1e9, dropped, wall > 0
                ? (processCpuNanos() - cpuStart) / 1e9 / wall : 0, sent);
    }

    private static BenchResult summarize(BenchConfig config, List<LoadWorker> workers, long started,
                                         long connectedAt, long ended, RunClock clock, long cpuNanos) {
        Histogram latency = new Histogram(60_000_000_000L, 3);
        long messages = 0;
        long bytes = 0;
        long verified = 0;
        long errors = 0;
        long failures = 0;
        long lastEcho = connectedAt;
        String firstError = null;
        for (LoadWorker worker : workers) {
            latency.add(worker.latencies);
            messages += worker.measuredMessages;
            bytes += worker.measuredBytes;
            verified += worker.verifiedBytes;
            errors += worker.errors;
            failures += worker.connectFailures;
            lastEcho = Math.max(lastEcho, worker.lastEchoNanos);
            if (firstError == null) {
                firstError = worker.firstError;
            }
        }
        double seconds;
        if (config.mode() != BenchMode.HOLD && config.messages() == 0) {
            seconds = (Math.min(ended, clock.measureEnd()) - clock.measureStart()) / 1e9;
        } else {
            seconds = (lastEcho - connectedAt) / 1e9;
        }
        double wall = (ended - started) / 1e9;
        return new BenchResult(config, config.connections() - failures, failures, errors, firstError, messages,
                bytes, verified, Math.max(0, seconds), latency, (connectedAt - started) / 1e9,
                (lastEcho - connectedAt) / 1e9, wall > 0 ? cpuNanos / 1e9 / wall : 0, messages);
    }

    /**
     * Runs the workers on threads of their own through the phases: every connection settles, then sending
     * starts (after the warm-up, measured for the duration when {@code timed}); shows progress once a second.
     *
     * @return when the connections had settled
     */
    private static long drive(List<? extends Runnable> workers, String threadName, RunClock clock, BenchConfig config,
                              boolean timed, PrintWriter progress, long started, String what, LongSupplier done)
            throws InterruptedException {
        List<Thread> running = new ArrayList<>();
        for (Runnable worker : workers) {
            Thread thread = new Thread(worker, threadName + running.size());
            thread.setDaemon(true);
            running.add(thread);
            thread.start();
        }
        clock.awaitConnects(config.timeout().toNanos() + TimeUnit.SECONDS.toNanos(1));
        long settled = System.nanoTime();
        clock.start(settled, timed ? config.warmup().toNanos() : 0, timed ? config.duration().toNanos() : Long.MAX_VALUE);
        long lastShown = 0;
        for (Thread thread : running) {
            while (thread.isAlive()) {
                thread.join(250);
                if (progress != null && System.nanoTime() - lastShown > TimeUnit.SECONDS.toNanos(1)) {
                    lastShown = System.nanoTime();
                    double elapsed = (lastShown - started) / 1e9;
                    long count = done.getAsLong();
                    progress.print(String.format(Locale.ROOT, "\r  %5.1f s  %,14d %s  %,12.0f a second so far ",
                            elapsed, count, what, count / Math.max(elapsed, 1e-9)));
                    progress.flush();
                }
            }
        }
        if (progress != null && lastShown != 0) {
            progress.print("\r" + " ".repeat(78) + "\r");
            progress.flush();
        }
        return settled;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) bean).getProcessCpuTime();
        }
        return 0;
    }
}
