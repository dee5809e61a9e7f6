package io.meridian.bench;

import io.meridian.bench.HostileTally.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * {@code bench/run hostile [inputs] [seed]}: starts a real {@code meridian up} (child process, its own
 * home and ports, the demo's three silos, no policies) and throws generated hostile inputs at every
 * edge it has — {@code POST /v1/events}, {@code POST /v1/s3-notifications}, SQL, file reads, the write
 * routes, raw Kafka records on {@code meridian.file-events}, {@code meridian publish} lines, and raw
 * connections with a foreign Host, a lying Content-Length or oversized headers — while a watcher asks
 * {@code /health} four times a second. It records inputs tried, accepted, refused with a reason,
 * cut by a limit, dead-lettered, crashes (goal 0) and invalid acceptances (goal 0), whether every valid
 * input landed in the global view, and whether the server answered {@code /health} throughout.
 *
 * <p>This is a robustness run, not a speed one: its "peer" is the label every input carries from its
 * generator (valid or not), against which Meridian's answer is judged.
 */
final class HostileBench implements Benchmark {
    private static final int RUNAWAY_QUERIES = 10;

    @Override
    public String name() {
        return "hostile";
    }

    @Override
    public String description() {
        return "generated hostile inputs at every edge of a running up: crashes and invalid acceptances (goal 0) [inputs] [seed]";
    }

    @Override
    public Report run(String[] args) throws Exception {
        int inputs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : new Random().nextLong();
        System.err.printf("hostile: %,d inputs, seed %d (replay: bench/run hostile %d %d)%n", inputs, seed, inputs, seed);
        Random random = new Random(seed);
        HostileTally tally = new HostileTally();
        long started = System.nanoTime();
        try (HostileStack stack = HostileStack.start()) {
            HostileHttp http = new HostileHttp(stack.httpUrl(), tally);
            stack.prepareReads(http);
            HostileStack.Health health;
            int expected;
            try (HostileStack.Health watch = stack.watchHealth()) {
                health = watch;
                expected = throwAll(inputs, random, stack, http, tally);
            }
            long landed = stack.awaitLanded(HostileEvents.OK_DIR, expected, Duration.ofMinutes(3));
            boolean alive = stack.alive();
            double minutes = (System.nanoTime() - started) / 60e9;
            return Report.freeform(summary(inputs, seed, minutes, tally, health, alive)
                    + landed(expected, landed) + "\n" + tally.markdown());
        }
    }

    /** Every channel in turn; returns how many valid file events (hooks, publish, Kafka) must be in the view afterwards. */
    private static int throwAll(int inputs, Random random, HostileStack stack, HostileHttp http, HostileTally tally)
            throws Exception {
        HostileRequests requests = new HostileRequests(random);
        HostileEvents events = new HostileEvents(random);
        List<CompletableFuture<Void>> runaways = new ArrayList<>();
        for (int i = 0; i < RUNAWAY_QUERIES; i++) {
            runaways.add(http.sendAsync(requests.runaway(i)));
        }
        int validEvents = send(share(inputs, 0.40), "POST /v1/events", () -> {
            HostileEvents.Line line = events.next();
            http.send(requests.event(line));
            return line.valid();
        });
        send(share(inputs, 0.12), "POST /v1/s3-notifications", () -> http.send(requests.s3Notification()));
        send(share(inputs, 0.10), "POST /v1/query", () -> http.send(requests.query()));
        send(share(inputs, 0.12), "file reads", () -> http.send(requests.read()));
        send(share(inputs, 0.08), "write routes", () -> http.send(requests.write()));
        stack.rawProbes(http);
        List<HostileEvents.Line> lines = new ArrayList<>();
        for (int i = 0; i < share(inputs, 0.08); i++) {
            lines.add(events.next());
        }
        System.err.printf("hostile: meridian publish with %,d lines%n", lines.size());
        stack.publish(tally).run(lines, stack.home());
        validEvents += (int) lines.stream().filter(HostileEvents.Line::valid).count();
        int kafka = share(inputs, 0.10);
        System.err.printf("hostile: %,d raw Kafka records%n", kafka);
        validEvents += new HostileKafka(stack.kafkaBootstrap(), stack.registryUrl(), tally).run(kafka, random, Duration.ofMinutes(3));
        CompletableFuture.allOf(runaways.toArray(CompletableFuture[]::new)).join();
        return validEvents;
    }

    /** One input; returns whether it was a valid one that must land. */
    private interface Step {
        boolean run() throws Exception;
    }

    /** One input that lands nothing. */
    private interface Probe {
        void run() throws Exception;
    }

    private static int send(int count, String what, Step step) throws Exception {
        System.err.printf("hostile: %,d x %s%n", count, what);
        int valid = 0;
        for (int i = 0; i < count; i++) {
            if (step.run()) {
                valid++;
            }
        }
        return valid;
    }

    private static void send(int count, String what, Probe probe) throws Exception {
        send(count, what, () -> {
            probe.run();
            return false;
        });
    }

    private static int share(int inputs, double fraction) {
        return (int) Math.round(inputs * fraction);
    }

    /**
     * Valid S3 notifications count among "valid inputs refused" when refused, but are not looked for
     * afterwards: they name objects the bucket does not hold, and the S3 watcher's listing (the truth)
     * rightly retires them.
     */
    private static String landed(int expected, long landed) {
        return String.format(Locale.ROOT, "| valid file events (hooks, publish, Kafka) in the view afterwards | %,d of %,d | all |%n",
                landed, expected);
    }

    private static String summary(int inputs, long seed, double minutes, HostileTally tally, HostileStack.Health health,
                                  boolean alive) {
        return String.format(Locale.ROOT, "A real `meridian up` (child JVM, embedded Kafka, registry and S3, the demo's"
                        + " silos, no policies), %,d generated inputs (seed %d), %.1f min. Goals: 0 crashes, 0 invalid"
                        + " acceptances, every refusal with a reason, every valid input lands, /health answers throughout.%n%n"
                        + "| figure | value | goal |%n|---|---|---|%n"
                        + "| inputs tried | %,d | |%n| crashes (5xx, dropped or held connection, publish aborted) | %,d | 0 |%n"
                        + "| invalid inputs accepted | %,d | 0 |%n| refusals without a reason | %,d | 0 |%n"
                        + "| valid inputs refused | %,d | 0 |%n"
                        + "| /health answered | %,d of %,d (slowest %d ms) | all, < 2 s |%n| `up` alive at the end | %s | yes |%n",
                inputs, seed, minutes, tally.tried(), tally.total(Outcome.CRASH), tally.invalidAccepted(),
                tally.total(Outcome.REFUSED_WITHOUT_REASON), tally.validRefused(),
                health.ok(), health.asked(), health.slowestMillis(), alive ? "yes" : "NO");
    }
}
