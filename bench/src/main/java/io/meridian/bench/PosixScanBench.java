package io.meridian.bench;

import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.RegistrySettings;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.TopicBootstrap;
import io.meridian.topics.Topics;
import io.meridian.watchers.posix.PosixScan;
import io.meridian.watchers.posix.PosixWatcher;
import io.meridian.watchers.posix.PosixWatcherSettings;
import io.meridian.watchers.publish.KafkaEventSink;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * The POSIX watcher's initial scan against {@code find ROOT -printf '%s %T@ %p\n' > /dev/null} on the
 * same tree, and the same scan published to an embedded broker until every event is acknowledged and
 * checkpointed, against the scan alone. The broker runs for the whole measurement and the three are
 * measured in alternating rounds after uncounted warm-up rounds, so that the broker's start, its
 * background work and the JIT weigh on every side alike; each figure is the median of its rounds.
 */
final class PosixScanBench implements Benchmark {
    private static final int FILES_PER_DIR = 1000;
    private static final int WARM_UP_ROUNDS = 2;
    private static final int PARTITIONS = 6;

    @Override
    public String name() {
        return "posix-scan";
    }

    @Override
    public String description() {
        return "POSIX watcher initial scan files/s vs find -printf, and scan -> broker-acknowledged events [files] [readers] [rounds]";
    }

    @Override
    public Report run(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int readers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path dir = Files.createTempDirectory("meridian-bench-posix");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(0).build().start();
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder()
                     .bootstrapServers(kafka.bootstrapServers()).port(0).build().start()) {
            Path root = createTree(dir.resolve("tree"), files);
            Publisher publisher = new Publisher(dir, root, files, readers, kafka.bootstrapServers(), registry.url());
            Figures figures = measure(root, readers, publisher, rounds);
            String setup = String.format("%,d files in %,d directories (2 levels), page-cache warm; scan with %d reader threads. "
                    + "Publish: embedded broker (running during every measurement), %d partitions, acks=all, idempotent, "
                    + "until every event is acknowledged and checkpointed, fresh checkpoint each round. %d warm-up rounds, "
                    + "then %d rounds of find, scan, publish in turn; median. CPU per file of the whole JVM (broker "
                    + "included), median: scan %.2f us, publish %.2f us.", files, directories(files), readers,
                    PARTITIONS, WARM_UP_ROUNDS, rounds, Report.median(figures.scanCpu), Report.median(figures.publishCpu));
            return new Report(setup)
                    .add("initial scan", "files/s", Report.median(figures.scan), Report.median(figures.find), "find -printf", ">= 0.8x")
                    .add("scan -> acknowledged events", "files/s", Report.median(figures.published),
                            Report.median(figures.scan), "scan alone", ">= 0.5x (publishing does not halve it)");
        } finally {
            deleteTree(dir);
        }
    }

    /** Rates (files/s) and CPU per file (microseconds) of the counted rounds. */
    private record Figures(double[] find, double[] scan, double[] published, double[] scanCpu, double[] publishCpu) {
    }

    private static Figures measure(Path root, int readers, Publisher publisher, int rounds) throws Exception {
        Figures figures = new Figures(new double[rounds], new double[rounds], new double[rounds], new double[rounds],
                new double[rounds]);
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            double find = publisher.files / find(root);
            long cpu = processCpuNanos();
            double scan = publisher.files / scan(root, readers);
            long scanCpu = processCpuNanos() - cpu;
            double published = publisher.files / publisher.publish(round);
            long publishCpu = processCpuNanos() - cpu - scanCpu;
            // CPU per file varies less than wall time on a shared machine: a second view of the same rounds.
            double scanMicros = scanCpu / 1e3 / publisher.files;
            double publishMicros = publishCpu / 1e3 / publisher.files;
            System.err.printf("bench: round %d: find %,.0f, scan %,.0f, scan -> acknowledged %,.0f files/s; "
                    + "CPU per file: scan %.2f us, publish %.2f us%n", round, find, scan, published, scanMicros, publishMicros);
            if (round >= 0) {
                figures.find[round] = find;
                figures.scan[round] = scan;
                figures.published[round] = published;
                figures.scanCpu[round] = scanMicros;
                figures.publishCpu[round] = publishMicros;
            }
        }
        return figures;
    }

    private static int directories(int files) {
        return (files + FILES_PER_DIR - 1) / FILES_PER_DIR;
    }

    /** Exactly {@code files} regular files of 0-63 bytes, 1,000 per leaf directory. */
    private static Path createTree(Path root, int files) throws IOException {
        int dirs = directories(files);
        for (int d = 0; d < dirs; d++) {
            Path leaf = Files.createDirectories(root.resolve(String.format("group-%02d/shard-%04d", d % 20, d)));
            for (int f = 0; f < FILES_PER_DIR && d * FILES_PER_DIR + f < files; f++) {
                Files.write(leaf.resolve(String.format("part-%05d.bin", f)), new byte[f % 64]);
            }
        }
        return root;
    }

    /** Seconds find takes to print size, mtime and path of every entry to /dev/null. */
    private static double find(Path root) throws Exception {
        long start = System.nanoTime();
        Process find = new ProcessBuilder("find", root.toString(), "-printf", "%s %T@ %p\n")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (find.waitFor() != 0) {
            throw new IllegalStateException("find failed with exit code " + find.exitValue());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double scan(Path root, int readers) throws Exception {
        long start = System.nanoTime();
        long[] bytes = new long[1];
        PosixScan.Summary summary = PosixScan.run("bench", root, "/bench", readers, e -> bytes[0] += e.getSize());
        if (summary.entries() == 0) {
            throw new IllegalStateException("the scan found nothing under " + root);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Runs a POSIX watcher (scan only, no live changes) over the tree until its initial scan is checkpointed. */
    private static final class Publisher {
        private final Path dir;
        private final Path root;
        private final PosixWatcherSettings settings;
        private final Properties props = new Properties();
        private final String registryUrl;
        private final int files;

        Publisher(Path dir, Path root, int files, int readers, String bootstrapServers, String registryUrl) throws Exception {
            this.dir = dir;
            this.files = files;
            this.root = root;
            this.registryUrl = registryUrl;
            this.settings = PosixWatcherSettings.defaults().withReaders(readers).withLive(false)
                    .withReconcileInterval(Duration.ofHours(1));
            props.put("bootstrap.servers", bootstrapServers);
            try (Admin admin = Admin.create(props)) {
                new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(Topics.all(), PARTITIONS, (short) 1);
            }
        }

        /** Seconds from watcher start (producer included) until every event is acknowledged and checkpointed. */
        double publish(int round) throws Exception {
            SchemaRegistry registry = new HttpSchemaRegistryClient(RegistrySettings.of(registryUrl));
            Path checkpoint = dir.resolve("state/round" + round + ".checkpoint"); // fresh: every file is published
            long start = System.nanoTime();
            KafkaEventSink sink = KafkaEventSink.fileEvents(props, registry);
            try (PosixWatcher watcher = new PosixWatcher("bench", root, "/bench", settings, sink, checkpoint, registry)) {
                watcher.start();
                if (!watcher.awaitInitialScan(Duration.ofMinutes(10))) {
                    throw new IllegalStateException("the initial scan did not finish in 10 minutes");
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (sink.acknowledged() < files) {
                    throw new IllegalStateException("only " + sink.acknowledged() + " of " + files
                            + " events were acknowledged: the publish round failed");
                }
                return seconds;
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
