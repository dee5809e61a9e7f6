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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * The POSIX watcher's initial scan against {@code find ROOT -printf '%s %T@ %p\n' > /dev/null} on the
 * same tree (both warm, alternating rounds, median), then the scan published to an embedded broker
 * until every event is acknowledged, against the scan alone.
 */
final class PosixScanBench implements Benchmark {
    private static final int FILES_PER_DIR = 1000;

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
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Files.createTempDirectory("meridian-bench-posix");
        try {
            Path root = createTree(dir.resolve("tree"), files);
            find(root);
            scan(root, readers); // warm both: the figures compare walking a cached tree, like find on a busy NAS head
            double[] scan = new double[rounds];
            double[] find = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                find[round] = files / find(root);
                scan[round] = files / scan(root, readers);
            }
            double[] published = publish(dir, root, readers, rounds);
            String setup = String.format("%,d files in %,d directories (2 levels), page-cache warm; scan with %d reader threads; "
                    + "%d rounds each, alternating, median. Publish: embedded broker, %d partitions, acks=all, idempotent, "
                    + "until every event is acknowledged and checkpointed (after one uncounted warm-up round).", files, files / FILES_PER_DIR, readers, rounds, 6);
            return new Report(setup)
                    .add("initial scan", "files/s", Report.median(scan), Report.median(find), "find -printf", ">= 0.8x")
                    .add("scan -> acknowledged events", "files/s", Report.median(published), Report.median(scan),
                            "scan alone", ">= 0.5x (publishing does not halve it)");
        } finally {
            deleteTree(dir);
        }
    }

    private static Path createTree(Path root, int files) throws IOException {
        int dirs = Math.max(1, files / FILES_PER_DIR);
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

    /** Files/s from watcher start until the initial scan is acknowledged by the broker and checkpointed. */
    private static double[] publish(Path dir, Path root, int readers, int rounds) throws Exception {
        long files;
        try (Stream<Path> all = Files.walk(root)) {
            files = all.filter(Files::isRegularFile).count();
        }
        double[] rates = new double[rounds];
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(0).build().start();
             EmbeddedSchemaRegistry registryServer = EmbeddedSchemaRegistry.builder()
                     .bootstrapServers(kafka.bootstrapServers()).port(0).build().start()) {
            Properties props = new Properties();
            props.put("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(props)) {
                new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(Topics.all(), 6, (short) 1);
            }
            PosixWatcherSettings settings = PosixWatcherSettings.defaults().withReaders(readers).withLive(false)
                    .withReconcileInterval(Duration.ofHours(1));
            // Round 0 warms the fresh broker, the registry (schema registration) and the JIT; it is not counted.
            for (int round = -1; round < rounds; round++) {
                SchemaRegistry registry = new HttpSchemaRegistryClient(RegistrySettings.of(registryServer.url()));
                Path checkpoint = dir.resolve("state/round" + round + ".checkpoint"); // fresh: every file is published
                long start = System.nanoTime();
                try (PosixWatcher watcher = new PosixWatcher("bench", root, "/bench", settings,
                        KafkaEventSink.fileEvents(props, registry), checkpoint, registry)) {
                    watcher.start();
                    if (!watcher.awaitInitialScan(Duration.ofMinutes(10))) {
                        throw new IllegalStateException("the initial scan did not finish in 10 minutes");
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.err.printf("bench: publish round %d: %,d files in %.2f s%n", round, files, seconds);
                    if (round >= 0) {
                        rates[round] = files / seconds;
                    }
                }
            }
        }
        return rates;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
