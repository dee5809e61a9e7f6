package io.meridian.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run cli [rounds]}: the wall time of each read command of the real {@code ./meridian}
 * script (a new JVM per call, as a user runs it) against a running {@code up}, and of {@code curl}
 * asking the same HTTP route of the same server, alternately, in the same run. The ratio is what the
 * JVM start and the CLI cost over the answer itself. The first call of the script (which may make its
 * class-data-sharing archive) is a warm-up and not counted.
 */
final class CliBench implements Benchmark {
    private static final String FILE = "/datasets/bench-read/data.bin";
    private static final String REQUEST = "bench-cli";

    @Override
    public String name() {
        return "cli";
    }

    @Override
    public String description() {
        return "read commands of ./meridian (a JVM per call) vs curl of the same HTTP route, median wall time [rounds]";
    }

    /** One read command and the HTTP request it makes, as curl arguments after the base URL is known. */
    private record Case(String label, List<String> meridian, List<String> curl) {
    }

    @Override
    public Report run(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        try (HostileStack stack = HostileStack.start()) {
            if (stack.awaitLanded("/datasets/bench-read/", 1, Duration.ofMinutes(3)) < 1) {
                throw new IllegalStateException("the watcher never recorded " + FILE + "; see " + stack.home().resolve("up.log"));
            }
            String url = stack.httpUrl();
            curl(List.of("-X", "POST", "-H", "Content-Type: application/json", "-d", "{\"job\":\"bench\",\"site\":\"gpu-east\","
                    + "\"prefixes\":[\"/datasets/bench-read/\"],\"deadline\":\"30m\",\"pinUntil\":\"1h\",\"id\":\"" + REQUEST + "\"}",
                    url + "/v1/staging"));
            List<Case> cases = cases(url);
            Path meridian = Path.of(System.getProperty("meridian.root", ".")).toAbsolutePath().resolve("meridian");
            List<String> home = List.of("--home", stack.home().toString());
            long firstCall = run(command(meridian, List.of("policy", "ls"), home));
            Report report = new Report(String.format(Locale.ROOT, "`./meridian` (the repository's script: a JVM per call, on a"
                    + " JDK 25+ with the AOT cache it makes after a build when one is installed, else on Java 17 with a"
                    + " class-data-sharing archive; client: %s) against a running `up` on embedded components, and curl"
                    + " of the same route of the same server, alternately; median of %d rounds after one warm-up call of each."
                    + " The script's first client command after the build took %,d ms (it makes the cache then if the"
                    + " build changed a jar).",
                    clientJava(meridian), rounds, firstCall));
            for (Case c : cases) {
                List<String> cli = command(meridian, c.meridian(), home);
                List<String> http = new ArrayList<>(List.of("curl", "-sS", "-f", "-o", "/dev/null"));
                http.addAll(c.curl());
                run(cli);
                run(http);
                double[] cliMs = new double[rounds];
                double[] curlMs = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    cliMs[i] = run(cli);
                    curlMs[i] = run(http);
                }
                System.err.printf(Locale.ROOT, "cli: %-40s meridian %.0f ms, curl %.0f ms%n", c.label(),
                        Report.median(cliMs), Report.median(curlMs));
                report.addMillis("`meridian " + c.label() + "`", Report.median(cliMs), Report.median(curlMs), "curl", "< 500 ms");
            }
            return report;
        }
    }

    private static List<Case> cases(String url) {
        String query = "{\"sql\":\"SELECT count(*) FROM files\",\"format\":\"ndjson\"}";
        return List.of(
                new Case("query \"SELECT count(*) FROM files\"", List.of("query", "SELECT count(*) FROM files"),
                        List.of("-X", "POST", "-H", "Content-Type: application/json", "-d", query, url + "/v1/query")),
                new Case("ls /datasets/bench-read/", List.of("ls", "/datasets/bench-read/"),
                        List.of(url + "/v1/ls?path=/datasets/bench-read/")),
                new Case("tag ls " + FILE, List.of("tag", "ls", FILE), List.of(url + "/v1/tags?path=" + FILE)),
                new Case("explain " + FILE, List.of("explain", FILE), List.of(url + "/v1/explain" + FILE)),
                new Case("policy ls", List.of("policy", "ls"), List.of(url + "/v1/policies")),
                new Case("stage status " + REQUEST, List.of("stage", "status", REQUEST), List.of(url + "/v1/staging/" + REQUEST)),
                new Case("stage ls", List.of("stage", "ls"), List.of(url + "/v1/staging")),
                new Case("pin ls", List.of("pin", "ls"), List.of(url + "/v1/pins")),
                new Case("silo ls", List.of("silo", "ls"), List.of(url + "/v1/silos")),
                new Case("stuck ls", List.of("stuck", "ls"), List.of(url + "/v1/stuck")),
                new Case("locality /datasets/", List.of("locality", "/datasets/"), List.of(url + "/v1/locality?prefix=/datasets/")));
    }

    /** Which JVM and cache the script ran client commands on: what the first command made in cli/target. */
    private static String clientJava(Path meridian) throws IOException {
        Path target = meridian.getParent().resolve("cli/target");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(target)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".aot") || n.equals("meridian.jsa"))
                    .map(n -> n.endsWith(".aot") ? "JDK " + n.substring("meridian-".length(), n.length() - ".aot".length())
                            + " with the AOT cache " + n : "java with the CDS archive " + n)
                    .findFirst().orElse("no cache or archive was made");
        }
    }

    private static List<String> command(Path meridian, List<String> args, List<String> home) {
        List<String> command = new ArrayList<>();
        command.add(meridian.toString());
        command.addAll(args);
        command.addAll(home);
        return command;
    }

    private static void curl(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-f", "-o", "/dev/null"));
        command.addAll(args);
        run(command);
    }

    /** Runs {@code command} to its end and returns its wall time in milliseconds; a failure ends the benchmark. */
    private static long run(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within 2 minutes");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        boolean notFinalYet = process.exitValue() == 4 && command.contains("status"); // stage status of a request still staging
        if (process.exitValue() != 0 && !notFinalYet) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": " + new String(err).strip());
        }
        return millis;
    }
}
