package io.meridian.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The {@code meridian up} a hostile run targets (and {@code bench/run cli} asks): a child process of the real {@code ./meridian}
 * script with its own home, free ports and a config of the demo's three silos without policies (so
 * that nothing moves), plus the files the read probes need: a 64 KiB file, a symlink to
 * {@code /etc/passwd} and a symlink to {@code /etc}. Closing it stops the process and deletes the home.
 */
final class HostileStack implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path home;
    private final Path config;
    private final Process process;
    private JsonNode endpoints;

    private HostileStack(Path home, Path config, Process process) {
        this.home = home;
        this.config = config;
        this.process = process;
    }

    /** Starts {@code up} and waits until its HTTP API answers. */
    static HostileStack start() throws Exception {
        Path home = Files.createTempDirectory("meridian-hostile");
        Path config = home.resolve("meridian.yaml");
        Files.writeString(config, config(home));
        Path nas = home.resolve("nas");
        Files.createDirectories(nas.resolve("bench-read"));
        Files.createDirectories(home.resolve("nvme"));
        byte[] data = new byte[HostileRequests.READABLE_SIZE];
        new java.util.Random(7).nextBytes(data);
        Files.write(nas.resolve("bench-read/data.bin"), data);
        Files.createDirectories(nas.resolve("bench-links"));
        Files.createSymbolicLink(nas.resolve("bench-links/passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(nas.resolve("bench-linkdir"), Path.of("/etc"));
        List<String> command = new ArrayList<>(List.of(meridian().toString(), "up"));
        command.addAll(options(home, config));
        for (String port : List.of("--kafka-port", "--kafka-controller-port", "--registry-port", "--s3-port")) {
            command.addAll(List.of(port, Integer.toString(freePort())));
        }
        System.err.println("hostile: starting " + String.join(" ", command) + " (log: " + home.resolve("up.log") + ")");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("up.log").toFile()).start();
        HostileStack stack = new HostileStack(home, config, process);
        stack.awaitEndpoints(Duration.ofMinutes(10));
        return stack;
    }

    private static String config(Path home) throws IOException {
        return String.join("\n", "kafka:", "  bootstrap: embedded", "  partitions: 3", "schemaRegistry:", "  url: embedded",
                "http:", "  port: " + freePort(), "silos:",
                silo("nas", "posix", "root: " + home.resolve("nas"), "onprem", "capacity", "500GiB"),
                silo("gpu-nvme", "posix", "root: " + home.resolve("nvme"), "gpu-east", "nvme", "50GiB"),
                silo("archive", "s3", "endpoint: embedded\n    bucket: archive", "cloud-a", "archive", "10TiB"), "");
    }

    private static String silo(String id, String kind, String where, String site, String tier, String capacity) {
        return "  - id: " + id + "\n    kind: " + kind + "\n    " + where + "\n    mount: /datasets\n    site: " + site
                + "\n    tier: " + tier + "\n    capacity: " + capacity;
    }

    private static List<String> options(Path home, Path config) {
        return List.of("--home", home.toString(), "--config", config.toString());
    }

    /** The repository's {@code meridian} script; {@code bench/run} passes the repository root. */
    private static Path meridian() {
        return Path.of(System.getProperty("meridian.root", ".")).toAbsolutePath().resolve("meridian");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitEndpoints(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path file = home.resolve("endpoints.json");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("meridian up ended with " + process.exitValue() + "; see " + home.resolve("up.log"));
            }
            if (Files.exists(file)) {
                JsonNode node = JSON.readTree(file.toFile());
                if (node.hasNonNull("httpUrl")) {
                    endpoints = node;
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("meridian up did not serve HTTP within " + timeout + "; see " + home.resolve("up.log"));
    }

    String httpUrl() {
        return endpoints.get("httpUrl").asText();
    }

    String kafkaBootstrap() {
        return endpoints.get("kafkaBootstrap").asText();
    }

    String registryUrl() {
        return endpoints.get("registryUrl").asText();
    }

    Path home() {
        return home;
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Waits until the watcher has recorded the readable file, and makes the view hold a file below the
     * symlink to /etc the way an attacker would: a hook event for it.
     */
    void prepareReads(HostileHttp http) throws Exception {
        String event = "[{\"silo\":\"nas\",\"path\":\"" + HostileRequests.UNDER_DIR_LINK + "\",\"size\":10,\"mtime\":\"2026-01-01T00:00:00Z\"}]";
        post("/v1/events", event);
        for (String path : List.of(HostileRequests.READABLE, HostileRequests.UNDER_DIR_LINK, HostileRequests.LEAF_LINK)) {
            awaitStatus("/v1/files" + path, 200, Duration.ofMinutes(2));
        }
    }

    /** How many files below {@code dir} the view holds once it reaches {@code expected} or the time is up. */
    long awaitLanded(String dir, int expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = 0;
        while (System.nanoTime() < deadline) {
            String answer = post("/v1/query", "{\"sql\":\"SELECT count(*) FROM files WHERE path LIKE '" + dir + "%'\",\"format\":\"json\"}");
            count = JSON.readTree(answer).path("rows").path(0).path(0).asLong(-1);
            if (count >= expected) {
                break;
            }
            Thread.sleep(1000);
        }
        return count;
    }

    /**
     * Raw connections, ten of each at once: a foreign Host (DNS rebinding), a Content-Length longer
     * than the body, 100 KB of headers. At once, because a server without read limits holds each one
     * until the client gives up.
     */
    void rawProbes(HostileHttp http) throws InterruptedException {
        String authority = http.authority();
        String tag = "{\"path\":\"" + HostileEvents.OK_DIR + "\",\"set\":{\"rebind\":\"x\"}}";
        List<Runnable> probes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            probes.add(() -> http.sendRaw("raw connections", "foreign Host header", false, "POST /v1/tags HTTP/1.1\r\nHost: evil.example:80\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + tag.length() + "\r\nConnection: close\r\n\r\n",
                    tag.getBytes(StandardCharsets.UTF_8), HostileHttp.TIMEOUT));
            probes.add(() -> http.sendRaw("raw connections", "Content-Length longer than the body", false, "POST /v1/query HTTP/1.1\r\nHost: "
                    + authority + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n",
                    "{\"sql\":\"SELECT 1\"}".getBytes(StandardCharsets.UTF_8), HostileHttp.TIMEOUT));
            probes.add(() -> http.sendRaw("raw connections", "100 KB of headers", false, "GET /v1/ls?path=/datasets/ HTTP/1.1\r\nHost: " + authority
                    + "\r\nX-Big: " + "b".repeat(100_000) + "\r\nConnection: close\r\n\r\n", new byte[0], HostileHttp.TIMEOUT));
        }
        System.err.printf("hostile: %d raw connections%n", probes.size());
        List<Thread> threads = probes.stream().map(p -> new Thread(p, "hostile-raw")).toList();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    HostilePublish publish(HostileTally tally) {
        return new HostilePublish(meridian(), options(home, config), tally);
    }

    /** Polls {@code /health} four times a second until closed. */
    Health watchHealth() {
        Health health = new Health(URI.create(httpUrl()).resolve("/health"));
        health.thread.start();
        return health;
    }

    /** Counts of {@code /health} answers while the inputs were thrown. */
    static final class Health implements AutoCloseable {
        private final AtomicLong asked = new AtomicLong();
        private final AtomicLong ok = new AtomicLong();
        private final AtomicLong slowest = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        private Health(URI uri) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
            thread = new Thread(() -> {
                while (running) {
                    long started = System.nanoTime();
                    asked.incrementAndGet();
                    try {
                        if (CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            ok.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // not answered within 2 s: counted as asked, not ok
                    } catch (InterruptedException e) {
                        return;
                    }
                    slowest.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                    sleep(250);
                }
            }, "hostile-health");
            thread.setDaemon(true);
        }

        long asked() {
            return asked.get();
        }

        long ok() {
            return ok.get();
        }

        long slowestMillis() {
            return slowest.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitStatus(String path, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl() + path)).build();
        while (CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != status) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " did not answer " + status + " within " + timeout);
            }
            Thread.sleep(500);
        }
    }

    private String post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
