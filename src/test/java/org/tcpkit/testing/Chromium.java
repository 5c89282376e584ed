package org.tcpkit.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real headless Chromium driven through its DevTools protocol (the JDK's own WebSocket client; no driver):
 * tabs, script evaluated in them, screenshots, and every error their consoles show. Closed with the process.
 */
public final class Chromium implements AutoCloseable {
    private static final long WAIT_SECONDS = 20;
    /** How long Chromium may take to open its DevTools port: it takes a fraction of a second. */
    private static final long START_SECONDS = 10;

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> waiting = new ConcurrentHashMap<>();
    private final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    private final StringBuilder partial = new StringBuilder();

    private Chromium(Process process, String url) throws Exception {
        this.process = process;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), new Listener()).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The Chromium on the path ({@code chromium}), or null when there is none. */
    public static Path binary() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /**
     * Starts a headless Chromium with a profile of its own in {@code profile}, and {@code more} switches. A
     * Chromium that has not opened its DevTools port within the time is stopped and started once more (now and
     * then one hangs as it starts on a loaded machine, before it loads any page).
     */
    public static Chromium start(Path binary, Path profile, String... more) throws Exception {
        try {
            return startOnce(binary, profile, more);
        } catch (TimeoutException e) {
            System.err.println("Chromium did not start within " + START_SECONDS + " s; starting it again. "
                    + e.getMessage());
            return startOnce(binary, profile.resolveSibling(profile.getFileName() + "-again"), more);
        }
    }

    private static Chromium startOnce(Path binary, Path profile, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--remote-debugging-port=0", "--user-data-dir=" + profile));
        command.addAll(List.of(more));
        command.add("about:blank");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<String> url = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    int at = line.indexOf("ws://");
                    if (line.startsWith("DevTools listening on ") && at >= 0) {
                        url.complete(line.substring(at).strip());
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
            url.completeExceptionally(new IllegalStateException("Chromium ended: " + output));
        });
        reader.setDaemon(true);
        reader.start();
        String devtools;
        try {
            devtools = url.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            stop(process);
            synchronized (output) {
                throw new TimeoutException("it printed: " + output);
            }
        } catch (Exception e) {
            stop(process);
            throw e;
        }
        try {
            return new Chromium(process, devtools);
        } catch (Exception e) {
            stop(process);
            throw e;
        }
    }

    /** Stops Chromium and the processes it started. */
    private static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** One tab. */
    public final class Tab {
        private final String session;

        private Tab(String session) {
            this.session = session;
        }

        /** Evaluates {@code script} in the page (awaiting a promise) and returns its value as a string. */
        public String eval(String script) throws Exception {
            JsonObject params = new JsonObject();
            params.addProperty("expression", script);
            params.addProperty("awaitPromise", true);
            params.addProperty("returnByValue", true);
            JsonObject result = call(session, "Runtime.evaluate", params);
            if (result.has("exceptionDetails")) {
                throw new AssertionError("the page's script failed: " + result.get("exceptionDetails"));
            }
            JsonElement value = result.getAsJsonObject("result").get("value");
            return value == null || value.isJsonNull() ? null
                    : value.isJsonPrimitive() ? value.getAsString() : value.toString();
        }

        /** Waits, up to 20 s, until {@code script} is true in the page. */
        public void await(String what, String script) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!"true".equals(eval("String(!!(" + script + "))"))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no " + what + " within " + WAIT_SECONDS + " s; the page shows: "
                            + eval("document.body.innerText"));
                }
                Thread.sleep(50);
            }
        }

        /** A screenshot of the tab as PNG, {@code width} by {@code height} CSS pixels. */
        public byte[] screenshot(int width, int height) throws Exception {
            JsonObject metrics = new JsonObject();
            metrics.addProperty("width", width);
            metrics.addProperty("height", height);
            metrics.addProperty("deviceScaleFactor", 1);
            metrics.addProperty("mobile", width < 600);
            call(session, "Emulation.setDeviceMetricsOverride", metrics);
            JsonObject shot = call(session, "Page.captureScreenshot", new JsonObject());
            return Base64.getDecoder().decode(shot.get("data").getAsString());
        }
    }

    /** Opens {@code url} in a new tab, its console watched for errors. */
    public Tab open(String url) throws Exception {
        JsonObject create = new JsonObject();
        create.addProperty("url", "about:blank");
        String target = call(null, "Target.createTarget", create).get("targetId").getAsString();
        JsonObject attach = new JsonObject();
        attach.addProperty("targetId", target);
        attach.addProperty("flatten", true);
        String session = call(null, "Target.attachToTarget", attach).get("sessionId").getAsString();
        for (String domain : List.of("Runtime.enable", "Log.enable", "Page.enable")) {
            call(session, domain, new JsonObject());
        }
        JsonObject navigate = new JsonObject();
        navigate.addProperty("url", url);
        call(session, "Page.navigate", navigate);
        Tab tab = new Tab(session);
        tab.await("page loaded", "document.readyState === 'complete'");
        return tab;
    }

    /** Every error the tabs' consoles showed so far: console.error, uncaught exceptions, failed loads. */
    public List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    private JsonObject call(String session, String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params);
        if (session != null) {
            message.addProperty("sessionId", session);
        }
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        socket.sendText(message.toString(), true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        JsonObject reply = answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new AssertionError(method + " failed: " + reply.get("error"));
        }
        return reply.getAsJsonObject("result");
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonObject message = JsonParser.parseString(partial.toString()).getAsJsonObject();
                partial.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonObject> answer = waiting.remove(message.get("id").getAsInt());
                    if (answer != null) {
                        answer.complete(message);
                    }
                } else {
                    event(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private void event(JsonObject message) {
        String method = message.get("method").getAsString();
        JsonObject params = message.getAsJsonObject("params");
        if (method.equals("Runtime.consoleAPICalled") && params.get("type").getAsString().equals("error")) {
            errors.add("console.error: " + params.get("args"));
        } else if (method.equals("Runtime.exceptionThrown")) {
            errors.add("uncaught: " + params.get("exceptionDetails"));
        } else if (method.equals("Log.entryAdded")
                && params.getAsJsonObject("entry").get("level").getAsString().equals("error")) {
            errors.add("log: " + params.getAsJsonObject("entry").get("text").getAsString());
        }
    }

    @Override
    public void close() throws Exception {
        try {
            socket.sendText("{\"id\":0,\"method\":\"Browser.close\"}", true).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing anyway.
        }
        socket.abort();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            stop(process);
        }
    }
}
