package org.tcpkit.net;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the per-connection thread factory, choosing virtual threads at run time so one jar built for Java 17
 * uses them on Java 21 and later.
 */
public final class Threads {
    /** Stack size of a platform connection thread: the handlers are shallow, and 15,000 of them must fit. */
    private static final long PLATFORM_STACK_BYTES = 512 * 1024;

    private static final Optional<ThreadFactory> VIRTUAL_PROBE = virtualFactory("probe-");

    private Threads() {
    }

    /** Whether this JVM offers virtual threads (Java 21 and later). */
    public static boolean virtualAvailable() {
        return VIRTUAL_PROBE.isPresent();
    }

    /** How many platform threads per core {@link ThreadMode#AUTO} starts with on Java 21+. */
    static final int PLATFORM_PER_CORE = 4;

    /**
     * How many connections, in {@link ThreadMode#AUTO} on a JVM with virtual threads, get platform threads
     * before virtual ones take over: four per core. A blocked platform thread is woken by the kernel directly,
     * while a virtual thread is woken through the JDK's poller and a carrier thread, which costs a lone
     * client measurable latency and a few busy streams throughput (4 bulk connections on 2 cores: about a
     * tenth more with platform threads); from a few dozen connections on, virtual threads are as fast and far
     * smaller.
     */
    public static int platformFirst(ThreadMode mode) {
        if (mode != ThreadMode.AUTO || !virtualAvailable()) {
            return 0;
        }
        return PLATFORM_PER_CORE * Runtime.getRuntime().availableProcessors();
    }

    /** The mode {@code mode} means on this JVM: {@link ThreadMode#AUTO} becomes virtual or platform. */
    public static ThreadMode resolve(ThreadMode mode) {
        if (mode == ThreadMode.AUTO) {
            return virtualAvailable() ? ThreadMode.VIRTUAL : ThreadMode.PLATFORM;
        }
        return mode;
    }

    /**
     * A factory of daemon connection threads named {@code prefix} plus a number.
     *
     * @throws IllegalStateException if virtual threads are asked for and this JVM has none
     */
    public static ThreadFactory forConnections(ThreadMode mode, String prefix) {
        if (resolve(mode) == ThreadMode.VIRTUAL) {
            return virtualFactory(prefix).orElseThrow(
                    () -> new IllegalStateException("virtual threads need Java 21 or later"));
        }
        AtomicLong counter = new AtomicLong();
        return task -> {
            Thread thread = new Thread(null, task, prefix + counter.incrementAndGet(), PLATFORM_STACK_BYTES);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** {@code Thread.ofVirtual().name(prefix, 1).factory()}, looked up reflectively to compile for Java 17. */
    private static Optional<ThreadFactory> virtualFactory(String prefix) {
        try {
            Method ofVirtual = Thread.class.getMethod("ofVirtual");
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Object builder = ofVirtual.invoke(null);
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
            return Optional.of((ThreadFactory) builderType.getMethod("factory").invoke(builder));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Java 17 to 20: no virtual threads, or only as a preview feature that is switched off.
            return Optional.empty();
        }
    }
}
