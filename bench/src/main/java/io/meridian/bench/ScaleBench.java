package io.meridian.bench;

import io.meridian.bench.ClassifierBench.Encoded;
import io.meridian.bench.ScaleStack.Instance;
import io.meridian.classifier.ClassifierApp;
import io.meridian.classifier.ClassifierTopology;
import io.meridian.cli.runtime.StageRole;
import io.meridian.config.KafkaConfig;
import io.meridian.placement.PlacementTopology;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Tag;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.kafka.common.serialization.Serializer;

/**
 * How the classifier and placement scale with instances (issue #16): events per second through the
 * classifier end to end (meridian.file-events in, meridian.metadata out, read_committed) and placement
 * decisions per second (records of meridian.metadata in, move commands out), with one instance and
 * with two instances of the same application id on the same topics. Each configuration runs on a
 * fresh embedded broker initialised like {@code meridian init}, so that both start from empty topics
 * and a second instance gets its share of the tasks at once (on a broker with history, Streams would
 * keep stateful tasks on the caught-up instance and only warm up the new one). The instances are the
 * stages {@code meridian up --stages classify|place} runs, each on its own clients and state directory
 * ({@link ScaleStack}). In both classifier runs an exactly-once Streams pass-through with the
 * classifier's settings ({@link EosPassThrough}) copies the same events, alternating with the
 * classifier (so that both configurations follow the same neighbour): the classifier's stream-thread
 * CPU per event against that floor.
 *
 * <p>Serve memory per file (1,000,000 and 10,000,000 files), the query-tier part of #16, is not
 * measured here yet; its rows belong in this report when that tier lands.
 */
final class ScaleBench implements Benchmark {
    private static final String PARTITIONS_ARG = "partitions";
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final int WARM_UP_ROUNDS = 2;
    /**
     * Warm-up rounds of the 1-instance configuration, the first of its stage in this JVM: after 2, the JIT
     * still took 6-16 us of CPU per event in its measured rounds (unattributed CPU, falling round by round),
     * against 3-7 us in the 2-instance rounds after it, which flattered the second instance.
     */
    private static final int FIRST_WARM_UP_ROUNDS = 4;
    private static final String PASS_IN = "pass-through-in";
    private static final String PASS_OUT = "pass-through-out";

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public String description() {
        return "classifier events/s and placement decisions/s, 1 vs 2 instances on one broker; classifier stream-thread"
                + " CPU per event vs an exactly-once pass-through [events] [placement-records] [rounds] [partitions N]";
    }

    /** Records from {@code in} to {@code out} through the Streams app {@code applicationId}, run by {@code instances}. */
    private record Flow(String label, String in, String out, String applicationId, List<Instance> instances) {
    }

    /** One measured round: end-to-end rate, CPU per record of the app's stream threads and of the whole JVM. */
    private record Round(double rate, double streamMicros, double processMicros) {
    }

    /**
     * The measured rounds of one flow, the share of the records each instance processed in them, and the
     * machine's 1-minute load average when they started and ended (other processes on the same cores), and
     * where the stream threads spent their time in them.
     */
    private record Side(List<Round> rounds, String shares, String load, String ratios) {
        double rate() {
            return Report.median(rounds.stream().mapToDouble(Round::rate).toArray());
        }

        double streamMicros() {
            return Report.median(rounds.stream().mapToDouble(Round::streamMicros).toArray());
        }

        double processMicros() {
            return Report.median(rounds.stream().mapToDouble(Round::processMicros).toArray());
        }
    }

    @Override
    public Report run(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 150_000;
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int partitions = args.length > 4 && args[3].equals(PARTITIONS_ARG) ? Integer.parseInt(args[4]) : KafkaConfig.DEFAULT_PARTITIONS;
        Path dir = Files.createTempDirectory("meridian-bench-scale");
        try {
            Side[] one = classifier(dir.resolve("classify-1"), 1, events, rounds, partitions);
            Side two = classifier(dir.resolve("classify-2"), 2, events, rounds, partitions)[0];
            Side placeOne = placement(dir.resolve("place-1"), 1, records, rounds, partitions);
            Side placeTwo = placement(dir.resolve("place-2"), 2, records, rounds, partitions);
            return report(events, records, rounds, partitions, one[0], one[1], two, placeOne, placeTwo);
        } finally {
            MoverBenchSupport.deleteTree(dir);
        }
    }

    /** The classifier with {@code count} instances (first element) and the pass-through alternating with it (second). */
    private static Side[] classifier(Path dir, int count, int events, int rounds, int partitions) throws Exception {
        try (ScaleStack stack = ScaleStack.start(dir, partitions);
             SchemaRegistry registry = stack.connections().registry()) {
            List<Instance> instances = startInstances(stack, StageRole.CLASSIFY, count);
            Serializer<FileEvent> serializer = TopicCatalog.FILE_EVENTS.bind(registry).valueSerde().serializer();
            // Warm-up files are created and then changed, so that measured round 1 still creates its files.
            IntFunction<List<Encoded>> data = round -> ClassifierBench.encode(ClassifierBench.events(
                    round < 0 ? round + WARM_UP_ROUNDS : round, events, round < 0 ? "warm-up" : "train"), serializer);
            Flow classifier = new Flow("classifier x" + count, Topics.FILE_EVENTS, Topics.METADATA,
                    ClassifierTopology.APPLICATION_ID, instances);
            // The pass-through alternates with the classifier in both configurations, so that both follow the same neighbour.
            stack.createTopics(PASS_IN, PASS_OUT);
            try (EosPassThrough copier = new EosPassThrough(ClassifierApp.streamsProperties(instances.get(0).context()),
                    PASS_IN, PASS_OUT)) {
                Flow peer = new Flow("pass-through", PASS_IN, PASS_OUT, EosPassThrough.APPLICATION_ID, List.of());
                return measure(stack.bootstrap(), classifier, peer, data, warmUps(count), rounds);
            }
        }
    }

    /** Placement with {@code count} instances: new files tagged stage=training, each gets one COPY to nvme. */
    private static Side placement(Path dir, int count, int records, int rounds, int partitions) throws Exception {
        try (ScaleStack stack = ScaleStack.start(dir, partitions);
             SchemaRegistry registry = stack.connections().registry()) {
            List<Instance> instances = startInstances(stack, StageRole.PLACE, count);
            Serializer<FileRecord> serializer = TopicCatalog.METADATA.bind(registry).valueSerde().serializer();
            // New files every round: a file with its command in flight is not placed again.
            IntFunction<List<Encoded>> data = round -> fileRecords(round < 0 ? "warm" + (round + WARM_UP_ROUNDS) : "run" + round,
                    records, serializer);
            Flow placement = new Flow("placement x" + count, Topics.METADATA, Topics.MOVE_COMMANDS,
                    PlacementTopology.APPLICATION_ID, instances);
            return measure(stack.bootstrap(), placement, null, data, warmUps(count), rounds)[0];
        }
    }

    private static int warmUps(int instances) {
        return instances == 1 ? FIRST_WARM_UP_ROUNDS : WARM_UP_ROUNDS;
    }

    private static List<Instance> startInstances(ScaleStack stack, StageRole role, int count) throws Exception {
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            instances.add(stack.startInstance(role));
        }
        return instances;
    }

    /**
     * {@code warmUps} warm-up rounds (data of rounds -warmUps to -1) and {@code rounds} measured ones
     * of {@code flow}, each preceded by the same round of {@code peer} when there is one.
     */
    private static Side[] measure(String bootstrap, Flow flow, Flow peer, IntFunction<List<Encoded>> data, int warmUps,
                                  int rounds)
            throws Exception {
        for (int round = -warmUps; round < 0; round++) {
            List<Encoded> records = data.apply(round);
            if (peer != null) {
                ClassifierBench.produceAndConsume(bootstrap, peer.in(), peer.out(), records, records.size(), () -> { });
            }
            ClassifierBench.produceAndConsume(bootstrap, flow.in(), flow.out(), records, records.size(), () -> { });
        }
        System.err.println(flow.label() + ": warm-up rounds done (not counted)");
        String loadBefore = StreamsFigures.loadAverage();
        List<Round> mine = new ArrayList<>();
        List<Round> theirs = new ArrayList<>();
        StreamsFigures figures = new StreamsFigures();
        long[] processedBefore = StreamsFigures.processed(flow.instances());
        for (int round = 0; round < rounds; round++) {
            List<Encoded> records = data.apply(round);
            if (peer != null) {
                theirs.add(round(bootstrap, peer, records, round));
            }
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> figures.sampleRatios(flow.instances()), 500, 500, TimeUnit.MILLISECONDS);
            try {
                mine.add(round(bootstrap, flow, records, round));
            } finally {
                sampler.shutdownNow();
            }
        }
        String shares = StreamsFigures.shares(processedBefore, StreamsFigures.processed(flow.instances()));
        System.err.println(flow.label() + ": records processed per instance in the measured rounds: " + shares
                + "; stream thread ratios: " + figures.ratios());
        String load = loadBefore + "-" + StreamsFigures.loadAverage();
        return new Side[] {new Side(mine, shares, load, figures.ratios()), peer == null ? null : new Side(theirs, "", load, "-")};
    }

    private static Round round(String bootstrap, Flow flow, List<Encoded> records, int round) throws Exception {
        ThreadCpu cpu = new ThreadCpu();
        long stream = ThreadCpu.streamThreadNanos(flow.applicationId());
        double rate = ClassifierBench.produceAndConsume(bootstrap, flow.in(), flow.out(), records, records.size(), () -> { });
        Round measured = new Round(rate, (ThreadCpu.streamThreadNanos(flow.applicationId()) - stream) / 1e3 / records.size(),
                cpu.microsPerUnit("all", records.size()));
        System.err.println(cpu.perUnit("round " + (round + 1) + " " + flow.label(), "record", records.size()));
        System.err.printf(Locale.ROOT, "round %d %s: %,.0f records/s, stream threads %.1f us/record, process %.1f us/record%n",
                round + 1, flow.label(), measured.rate(), measured.streamMicros(), measured.processMicros());
        return measured;
    }

    /** New files under /datasets/train/{@code run}/, present on nas, tagged stage=training (what the policy places). */
    private static List<Encoded> fileRecords(String run, int count, Serializer<FileRecord> serializer) {
        Instant now = Instant.now();
        Map<String, Tag> tags = Map.of("stage", Tag.newBuilder().setValue("training").setSetBy("bench").setSetAt(now).build());
        List<Encoded> encoded = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            io.meridian.schemas.Instance nas = io.meridian.schemas.Instance.newBuilder().setSilo("nas").setSize(1_048_576L + i)
                    .setMtime(now).setCrc32c((long) i).setState(InstanceState.PRESENT)
                    .setSequencer(String.format("%016d-0", i)).setUpdatedAt(now).build();
            String path = String.format("/datasets/train/%s/part-%03d/shard-%07d.bin", run, i % 512, i);
            FileRecord record = FileRecord.newBuilder().setPath(path).setInstances(List.of(nas)).setTags(tags)
                    .setVersion(1).setUpdatedAt(now).build();
            encoded.add(new Encoded(path.getBytes(StandardCharsets.UTF_8), serializer.serialize(Topics.METADATA, record)));
        }
        return encoded;
    }

    private static Report report(int events, int records, int rounds, int partitions, Side one, Side pass, Side two,
                                 Side placeOne, Side placeTwo) {
        String setup = String.format(Locale.ROOT, "Each configuration on a fresh embedded broker (one JVM, one broker, the"
                        + " stages as `meridian up --stages classify|place` runs them, each instance with its own clients and"
                        + " state directory), %d partitions per topic, %d warm-up rounds with 1 instance (the first"
                        + " configuration of its stage in the JVM: JIT), %d with 2, then %d rounds, median. Classifier: %,d"
                        + " FileEvents per round (round 1 creates the files, later rounds change them), from first produce to the"
                        + " round's last FileRecord read (read_committed) on meridian.metadata; exactly_once_v2, %s stream"
                        + " threads per instance. Placement: %,d new FileRecords per round (tagged stage=training, each placed by"
                        + " one COPY to nvme) produced to meridian.metadata, until the last move command is read"
                        + " (read_committed); %s stream threads per instance. Peers: the same stage with 1 instance (2 instances"
                        + " run after it, not alternating); for the classifier also an exactly-once Streams pass-through with"
                        + " its settings, alternating with it in both configurations (its figures here: the 1-instance run's)."
                        + " Records processed per instance with 2 instances: classifier %s,"
                        + " placement %s. CPU per record of the whole JVM (broker, producer and reader included): classifier"
                        + " %.1f us (2 instances %.1f us), pass-through %.1f us, placement %.1f us (2 instances %.1f us)."
                        + " So the %d cores carry at most ~%,.0f classifier events/s or ~%,.0f placement decisions/s"
                        + " (cores / whole-JVM CPU per record) with any number of instances in this one JVM."
                        + " 1-minute load average over the measured rounds (2 cores, shared with other work): classifier 1"
                        + " instance %s, 2 instances %s; placement 1 instance %s, 2 instances %s. Where the stream threads"
                        + " spent their time in the measured rounds (Streams' thread ratios, sampled every 0.5 s, mean):"
                        + " classifier 1 instance: %s; 2 instances: %s; placement 1 instance: %s; 2 instances: %s."
                        + " Serve heap per file at 1,000,000 and 10,000,000 files: not measured yet (the query-tier part of"
                        + " #16).",
                partitions, FIRST_WARM_UP_ROUNDS, WARM_UP_ROUNDS, rounds, events, threads(ClassifierApp.STREAM_THREADS), records,
                threads(4), two.shares(), placeTwo.shares(), one.processMicros(), two.processMicros(),
                pass.processMicros(), placeOne.processMicros(), placeTwo.processMicros(), CORES,
                CORES * 1e6 / Math.min(one.processMicros(), two.processMicros()),
                CORES * 1e6 / Math.min(placeOne.processMicros(), placeTwo.processMicros()), one.load(), two.load(),
                placeOne.load(), placeTwo.load(), one.ratios(), two.ratios(), placeOne.ratios(), placeTwo.ratios());
        return new Report(setup)
                .add("classifier events end to end, 2 instances", "events/s", two.rate(), one.rate(), "1 instance", "-")
                .add("placement decisions (metadata record -> move command), 2 instances", "decisions/s", placeTwo.rate(),
                        placeOne.rate(), "1 instance", "-")
                .add("classifier events end to end, 1 instance", "events/s", one.rate(), pass.rate(),
                        "exactly-once Streams pass-through", ">= 0.6x")
                .addCost("classifier stream-thread CPU per event, 1 instance", "us", one.streamMicros(), pass.streamMicros(),
                        "pass-through", "<= 8 us")
                .addCost("classifier stream-thread CPU per event, 2 instances", "us", two.streamMicros(), one.streamMicros(),
                        "1 instance", "-")
                .addCost("placement stream-thread CPU per decision, 2 instances", "us", placeTwo.streamMicros(),
                        placeOne.streamMicros(), "1 instance", "-");
    }

    /** The stream threads an instance runs here: its default, at most the cores. */
    private static String threads(int defaultThreads) {
        return Integer.toString(Math.min(defaultThreads, CORES));
    }
}
