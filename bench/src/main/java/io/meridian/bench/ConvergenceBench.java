package io.meridian.bench;

import io.meridian.cli.convergence.ConvergenceHarness;
import io.meridian.cli.convergence.SeedResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code bench/run convergence [seeds] [first seed]}: the seeded convergence harness of the CLI's tests
 * (shared through its test jar) for many seeds on one stack: random operations on two POSIX silos and
 * one S3 silo, shuffled S3 notifications, hook events for missing files, a watcher restart per seed,
 * movers and placement in child JVMs SIGKILLed in one seed of six; then one reconcile pass and the
 * time until the view equals storage. Records seeds run, divergences (with their seeds), time to
 * converge, kill rounds and files lost or corrupt.
 */
final class ConvergenceBench implements Benchmark {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Override
    public String name() {
        return "convergence";
    }

    @Override
    public String description() {
        return "seeded random operations, then one reconcile: divergences (goal 0), time until the view equals storage [seeds] [first seed]";
    }

    @Override
    public Report run(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long first = args.length > 1 ? Long.parseLong(args[1]) : new Random().nextInt(1_000_000);
        System.err.printf("convergence: %d seeds from %d (replay one: bench/run convergence 1 SEED)%n", seeds, first);
        Path home = Files.createTempDirectory("meridian-convergence");
        List<SeedResult> results = new ArrayList<>();
        long started = System.nanoTime();
        try (ConvergenceHarness harness = ConvergenceHarness.start(home)) {
            for (long seed = first; seed < first + seeds; seed++) {
                SeedResult result = harness.run(seed, BOUND);
                System.err.println(result.report());
                results.add(result);
            }
        }
        if (results.stream().allMatch(SeedResult::ok)) {
            delete(home);
        } else {
            System.err.println("convergence: kept " + home + " (silos, move.log, place.log) as evidence");
        }
        return Report.freeform(markdown(results, first, (System.nanoTime() - started) / 60e9));
    }

    static String markdown(List<SeedResult> results, long first, double minutes) {
        List<SeedResult> diverged = results.stream().filter(r -> !r.ok()).toList();
        long[] millis = results.stream().filter(SeedResult::converged).mapToLong(SeedResult::millis).sorted().toArray();
        long killRounds = results.stream().filter(SeedResult::killRound).count();
        int kills = results.stream().mapToInt(SeedResult::kills).sum();
        int lost = results.stream().mapToInt(r -> r.lost().size()).sum();
        int corrupt = results.stream().mapToInt(r -> r.corrupt().size()).sum();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Seeds %d to %d on one stack of real embedded components"
                        + " (broker, registry, S3Proxy, POSIX directories; movers and placement as child JVMs), bound %d s per"
                        + " seed, %.1f min. Goals: 0 divergences, 0 files lost or corrupt.%n%n| figure | value | goal |%n|---|---|---|%n",
                first, first + results.size() - 1, BOUND.toSeconds(), minutes));
        out.append(row("seeds run", Integer.toString(results.size()), ""));
        out.append(row("divergences", diverged.size() + (diverged.isEmpty() ? "" : " (seeds "
                + String.join(", ", diverged.stream().map(r -> Long.toString(r.seed())).toList()) + ")"), "0"));
        out.append(row("time to converge (median / p95 / max of converged seeds)", millis.length == 0 ? "none converged"
                : String.format(Locale.ROOT, "%,d / %,d / %,d ms", percentile(millis, 50), percentile(millis, 95),
                millis[millis.length - 1]), ""));
        out.append(row("kill rounds (SIGKILLs of movers / placement)", killRounds + " (" + kills + ")", ""));
        out.append(row("files lost / corrupt", lost + " / " + corrupt, "0 / 0"));
        out.append(kinds(diverged));
        diverged.stream().limit(10).forEach(r -> out.append("\n```\n").append(firstLines(r.report(), 12)).append("\n```\n"));
        return out.toString();
    }

    /** A table of what diverged: kind, lines, seeds. */
    private static String kinds(List<SeedResult> diverged) {
        Map<String, Integer> lines = new TreeMap<>();
        Map<String, Set<Long>> seeds = new TreeMap<>();
        for (SeedResult result : diverged) {
            result.kinds().forEach((kind, count) -> {
                lines.merge(kind, count, Integer::sum);
                seeds.computeIfAbsent(kind, k -> new TreeSet<>()).add(result.seed());
            });
        }
        if (lines.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n| what diverged | rows | seeds |\n|---|---|---|\n");
        lines.forEach((kind, count) -> out.append(row(kind, Integer.toString(count), seeds.get(kind).size() <= 20
                ? seeds.get(kind).toString() : seeds.get(kind).size() + " seeds")));
        return out.toString();
    }

    private static String row(String figure, String value, String goal) {
        return "| " + figure + " | " + value + " | " + goal + " |\n";
    }

    private static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String firstLines(String text, int lines) {
        String[] all = text.split("\n");
        // the last line is the replay command: always kept
        return all.length <= lines ? text : String.join("\n", Arrays.copyOf(all, lines - 1)) + "\n  ... "
                + (all.length - lines) + " more lines\n" + all[all.length - 1];
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
