package io.meridian.bench;

import io.meridian.config.ConfigLoader;
import io.meridian.config.MeridianConfig;
import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.http.HttpApi;
import io.meridian.query.partition.PartitionedFiles;
import io.meridian.query.partition.PartitionedQueryTier;
import io.meridian.query.sql.QueryEngine;
import io.meridian.query.store.MetadataMaterializer;
import io.meridian.query.store.MetadataStore;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Tag;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.StageContext;
import io.meridian.topics.TopicBootstrap;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The query tier's two stores on the same files, in one run: the single copy (every file on the
 * heap, the peer) and the partitioned tier ({@code serve --store partitioned}: RocksDB, each instance
 * its partitions), with one instance and with two. For each: live heap per file after a full GC,
 * disk per file, the time to load (read the topic) or restore, and the median
 * time of the same queries — {@code count(*)}, a tag filter that reads every record, one directory's
 * files (a prefix of files / 1,000 rows) and one file by path. The files are published to {@code meridian.metadata} of an embedded
 * broker first. {@code --partitioned-only} skips the single copy (for more files than the heap holds).
 */
final class QueryScaleBench implements Benchmark {
    private static final int DIRECTORIES = 1000;
    private static final String COUNT = "SELECT count(*) FROM files";
    private static final String FILTER = "SELECT count(*) FROM files WHERE tags['stage'] = 'training'";
    private int rounds = 7;
    private static final String PREFIX = "SELECT path, size FROM files WHERE path LIKE '/datasets/train/part-0500/%'";

    @Override
    public String name() {
        return "query-scale";
    }

    @Override
    public String description() {
        return "the single-copy query store vs the partitioned tier (1 and 2 instances): memory, disk, load, queries"
                + " [files] [partitions] [rounds] [--partitioned-only]";
    }

    /** What one store measured. */
    private record Measured(String store, double heapBytesPerFile, double diskBytesPerFile,
                            double loadSeconds, double countMs, double filterMs, double prefixMs, double fileMs) {
    }

    @Override
    public Report run(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        rounds = args.length > 2 && !args[2].startsWith("--") ? Integer.parseInt(args[2]) : 7;
        boolean partitionedOnly = List.of(args).contains("--partitioned-only");
        Path dir = Files.createTempDirectory("meridian-query-scale");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(0).build().start();
             EmbeddedSchemaRegistry registryServer = EmbeddedSchemaRegistry.builder()
                     .bootstrapServers(kafka.bootstrapServers()).port(0).build().start()) {
            Properties kafkaProps = new Properties();
            kafkaProps.put("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(kafkaProps)) {
                new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(Topics.all(), partitions, (short) 1);
            }
            long published = System.nanoTime();
            long training = publish(kafkaProps, registryServer.url(), files);
            double publishSeconds = (System.nanoTime() - published) / 1e9;
            System.err.printf(Locale.ROOT, "published %,d files in %.1f s%n", files, publishSeconds);
            MeridianConfig config = ConfigLoader.parse("bench", "kafka: { bootstrap: \"" + kafka.bootstrapServers() + "\" }\n"
                    + "schemaRegistry: { url: \"" + registryServer.url() + "\" }\nhttp: { port: 0 }\n", dir);
            List<Measured> results = new ArrayList<>();
            if (!partitionedOnly) {
                results.add(single(config, kafkaProps, registryServer.url(), dir, files, training));
            }
            results.add(partitioned(config, kafkaProps, registryServer.url(), dir, files, training, 1));
            results.add(partitioned(config, kafkaProps, registryServer.url(), dir, files, training, 2));
            return report(files, partitions, publishSeconds, results);
        } finally {
            deleteTree(dir);
        }
    }

    private Report report(int files, int partitions, double publishSeconds, List<Measured> results) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%,d files in %d partitions of meridian.metadata"
                        + " (%d directories; a quarter tagged stage=training), published in %.0f s to an embedded broker in"
                        + " the same JVM. Heap: live bytes after a full GC over the JVM's before loading (RocksDB's own"
                        + " memory, its block cache and memtables, is off the heap and bounded per store); disk: the"
                        + " stores' state directories once closed (flushed). Queries: median of %d after 2 warm-ups,"
                        + " through SQL (Calcite) on the instance that receives them; with two instances in this JVM,"
                        + " the other is asked over loopback HTTP. Load: from start until every file is readable.%n%n",
                files, partitions, DIRECTORIES, publishSeconds, rounds));
        out.append(String.format(Locale.ROOT, "| store | heap/file | disk/file | load | count(*) | tag filter count | prefix (%,d rows) | one file |%n",
                files / DIRECTORIES));
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Measured m : results) {
            out.append(String.format(Locale.ROOT, "| %s | %,.0f B | %,.0f B | %.1f s | %,.1f ms | %,.1f ms | %,.2f ms | %,.3f ms |%n",
                    m.store(), m.heapBytesPerFile(), m.diskBytesPerFile(), m.loadSeconds(), m.countMs(),
                    m.filterMs(), m.prefixMs(), m.fileMs()));
        }
        if (results.get(0).store().startsWith("single")) {
            Measured single = results.get(0);
            Measured one = results.get(1);
            out.append(String.format(Locale.ROOT, "%nRatios, partitioned (1 instance) over the single copy: heap %.3fx, count(*) %.1fx,"
                            + " tag filter %.1fx, prefix %.1fx, one file %.1fx.%n", one.heapBytesPerFile() / single.heapBytesPerFile(),
                    one.countMs() / single.countMs(), one.filterMs() / single.filterMs(), one.prefixMs() / single.prefixMs(),
                    one.fileMs() / single.fileMs()));
        }
        return Report.freeform(out.toString());
    }

    private static long publish(Properties kafkaProps, String registryUrl, int files) throws Exception {
        Properties props = new Properties();
        props.putAll(kafkaProps);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Tag trainingTag = Tag.newBuilder().setValue("training").setSetBy("bench").setSetAt(now).build();
        Tag evalTag = Tag.newBuilder().setValue("eval").setSetBy("bench").setSetAt(now).build();
        int perDirectory = Math.max(1, files / DIRECTORIES);
        long training = 0;
        try (SchemaRegistry registry = HttpSchemaRegistryClient.of(registryUrl)) {
            Serializer<FileRecord> values = TopicCatalog.METADATA.bind(registry).valueSerde().serializer();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                for (int i = 0; i < files; i++) {
                    String path = String.format("/datasets/train/part-%04d/shard-%08d.parquet", i / perDirectory, i);
                    Instance instance = Instance.newBuilder().setSilo("nas").setSize(1_048_576L + i).setMtime(now)
                            .setState(InstanceState.PRESENT).setSequencer("0000000000000001-0").setUpdatedAt(now).setCrc32c(42L).build();
                    boolean isTraining = i % 4 == 0;
                    training += isTraining ? 1 : 0;
                    FileRecord record = FileRecord.newBuilder().setPath(path).setInstances(List.of(instance))
                            .setTags(Map.of("stage", isTraining ? trainingTag : evalTag)).setVersion(1).setUpdatedAt(now).build();
                    producer.send(new ProducerRecord<>(Topics.METADATA, path, values.serialize(Topics.METADATA, record)));
                }
                producer.flush();
            }
        }
        return training;
    }

    private static StageContext context(MeridianConfig config, Properties kafkaProps, String registryUrl, Path state) {
        Properties props = new Properties();
        props.putAll(kafkaProps);
        return new StageContext(config, props, () -> HttpSchemaRegistryClient.of(registryUrl), state, Optional.empty());
    }

    private Measured single(MeridianConfig config, Properties kafkaProps, String registryUrl, Path dir, int files, long training)
            throws Exception {
        long heapBefore = liveHeap();
        long started = System.nanoTime();
        MetadataStore store = new MetadataStore();
        try (MetadataMaterializer materializer = new MetadataMaterializer(context(config, kafkaProps, registryUrl, dir.resolve("single")), store)) {
            materializer.start();
            while (!materializer.caughtUp()) {
                Thread.sleep(50);
            }
            double load = (System.nanoTime() - started) / 1e9;
            check(store.fileCount(), files, "files in the single copy");
            long heap = liveHeap() - heapBefore;
            Measured m = queries("single copy (heap)", new QueryEngine(store, new QueryEngine.Limits(10_000, Duration.ofSeconds(300))),
                    store, files, training);
            return new Measured(m.store(), (double) heap / files, 0, load, m.countMs(), m.filterMs(), m.prefixMs(), m.fileMs());
        }
    }

    /** One partitioned serve: the HTTP server its peers ask and its tier. */
    private record Serve(HttpApi http, PartitionedQueryTier tier, MetadataStore store) implements AutoCloseable {
        @Override
        public void close() {
            tier.close();
            http.close();
        }
    }

    private Measured partitioned(MeridianConfig config, Properties kafkaProps, String registryUrl, Path dir, int files, long training,
                                 int instances) throws Exception {
        long heapBefore = liveHeap();
        long started = System.nanoTime();
        List<Serve> serves = new ArrayList<>();
        List<Path> states = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                Path state = dir.resolve("partitioned-" + instances + "-" + i);
                states.add(state);
                StageContext context = context(config, kafkaProps, registryUrl, state);
                HttpApi http = HttpApi.fromConfig(context.config().http());
                PartitionedFiles index = new PartitionedFiles();
                PartitionedQueryTier tier = new PartitionedQueryTier(context, http, index);
                http.start();
                tier.start();
                serves.add(new Serve(http, tier, new MetadataStore(index)));
            }
            while (serves.stream().mapToLong(s -> held(s.tier().files())).sum() != files
                    || serves.stream().anyMatch(s -> s.tier().files().ownedPartitions().isEmpty())) {
                Thread.sleep(200);
            }
            double load = (System.nanoTime() - started) / 1e9;
            long heap = liveHeap() - heapBefore;
            MetadataStore store = serves.get(0).store();
            String name = "partitioned, " + instances + (instances == 1 ? " instance" : " instances");
            Measured m = queries(name, new QueryEngine(store, new QueryEngine.Limits(10_000, Duration.ofSeconds(300))), store, files,
                    training);
            serves.forEach(Serve::close); // flushes the stores, so that their size on disk is all there
            serves.clear();
            long disk = 0;
            for (Path state : states) {
                disk += treeSize(state);
            }
            return new Measured(name, (double) heap / files, (double) disk / files, load, m.countMs(), m.filterMs(), m.prefixMs(),
                    m.fileMs());
        } finally {
            serves.forEach(Serve::close);
        }
    }

    private static long held(PartitionedFiles files) {
        try {
            return files.ownedFileCount();
        } catch (RuntimeException e) {
            return -1; // rebalancing
        }
    }

    /** The query latencies of one store (its memory and load are filled in by the caller). */
    private Measured queries(String name, QueryEngine engine, MetadataStore store, int files, long training) {
        check(number(engine, COUNT), files, name + ": count(*)");
        check(number(engine, FILTER), training, name + ": tag filter");
        String path = String.format("/datasets/train/part-%04d/shard-%08d.parquet", 0, 0);
        double count = medianMillis(() -> number(engine, COUNT));
        double filter = medianMillis(() -> number(engine, FILTER));
        double prefix = medianMillis(() -> engine.query(PREFIX).rows().size());
        double file = medianMillis(() -> store.file(path).orElseThrow().size());
        System.err.printf(Locale.ROOT, "%s: count %.1f ms, filter %.1f ms, prefix %.2f ms%n", name, count, filter, prefix);
        return new Measured(name, 0, 0, 0, count, filter, prefix, file);
    }

    private static long number(QueryEngine engine, String sql) {
        return ((Number) engine.query(sql).rows().get(0).get(0)).longValue();
    }

    private static void check(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + " is " + actual + ", expected " + expected + ": the benchmark is wrong");
        }
    }

    private double medianMillis(LongSupplier work) {
        for (int i = 0; i < 2; i++) {
            work.getAsLong();
        }
        double[] millis = new double[rounds];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            work.getAsLong();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return Report.median(millis);
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long treeSize(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
