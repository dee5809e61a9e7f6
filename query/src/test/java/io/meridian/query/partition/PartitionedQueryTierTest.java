package io.meridian.query.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.HttpConfig;
import io.meridian.config.KafkaConfig;
import io.meridian.config.MeridianConfig;
import io.meridian.config.RegistryConfig;
import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.http.HttpApi;
import io.meridian.query.api.QueryApi;
import io.meridian.query.sql.QueryEngine;
import io.meridian.query.sql.QueryResult;
import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataMaterializer;
import io.meridian.query.store.MetadataStore;
import io.meridian.query.testing.Records;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Tier;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.serde.AvroSerde;
import io.meridian.stage.StageContext;
import io.meridian.topics.TopicBootstrap;
import io.meridian.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partitioned query tier against a real broker and registry: three {@code serve} instances of
 * one group, each holding only its partitions of {@code meridian.metadata} in RocksDB, answer the
 * same SQL, file reads and listings as a single full copy; after one stops, the other two take its
 * partitions over and still answer identically. The files are random (seed printed; replay with
 * {@code -Dmeridian.seed=N}), with overwrites and deletes.
 */
@Timeout(300)
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartitionedQueryTierTest {
    private static final int PARTITIONS = 3;
    private static final int FILES = 3_000;

    /** The queries both tiers must answer alike: aggregates, pushed-down filters, orders, limits. */
    private static final List<String> QUERIES = List.of(
            "SELECT count(*) FROM files",
            "SELECT count(*) FROM files WHERE tags['stage'] = 'training'",
            "SELECT count(*), sum(size), min(path), max(path) FROM files WHERE path LIKE '/datasets/d2/%'",
            "SELECT dir, count(*) AS n, sum(size) AS bytes FROM files GROUP BY dir ORDER BY dir",
            "SELECT path, size FROM files ORDER BY size DESC, path LIMIT 17",
            "SELECT path FROM files LIMIT 25",
            "SELECT * FROM files WHERE ext = 'bin' ORDER BY path LIMIT 40",
            "SELECT path, tags, silos, instance_count FROM files WHERE path IN (%s, '/nope') ORDER BY path",
            "SELECT state, ext, count(*) FROM files WHERE size > 5000 GROUP BY state, ext ORDER BY state, ext",
            "SELECT tags['stage'] AS stage, count(DISTINCT dir) FROM files GROUP BY tags['stage'] ORDER BY 1",
            "SELECT f.path, s.site, s.used FROM files f JOIN silos s ON f.silos[1] = s.id"
                    + " WHERE f.path LIKE '/datasets/d3/%' ORDER BY f.path LIMIT 5");

    @TempDir
    static Path dir;

    private EmbeddedKafka kafka;
    private EmbeddedSchemaRegistry registry;
    private Properties clientProps;
    private final TreeSet<String> expectedPaths = new TreeSet<>();
    private QueryEngine single;
    private MetadataMaterializer singleMaterializer;
    private final List<Instance> instances = new ArrayList<>();

    /** One partitioned serve: its HTTP server, tier, query store and API. */
    private record Instance(HttpApi http, PartitionedFiles files, PartitionedQueryTier tier, MetadataMaterializer materializer,
                            QueryApi api, QueryEngine engine) implements AutoCloseable {
        @Override
        public void close() {
            tier.close();
            api.close();
            materializer.close();
            http.close();
        }
    }

    @BeforeAll
    void start() throws Exception {
        long seed = Long.getLong("meridian.seed", System.nanoTime());
        System.out.println("PartitionedQueryTierTest seed " + seed + " (replay with -Dmeridian.seed=" + seed + ")");
        kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(0).build().start();
        registry = EmbeddedSchemaRegistry.builder().bootstrapServers(kafka.bootstrapServers()).port(0).build().start();
        clientProps = new Properties();
        clientProps.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(clientProps)) {
            new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(Topics.all(), PARTITIONS, (short) 1);
        }
        publish(new Random(seed));

        MetadataStore heap = new MetadataStore();
        singleMaterializer = new MetadataMaterializer(context("single"), heap);
        singleMaterializer.start();
        single = new QueryEngine(heap, new QueryEngine.Limits(10_000, Duration.ofSeconds(60)));

        // started together, so that the group's first assignment spreads the partitions
        ExecutorService starting = Executors.newFixedThreadPool(PARTITIONS);
        List<Future<Instance>> started = new ArrayList<>();
        for (int i = 0; i < PARTITIONS; i++) {
            String name = "serve-" + i;
            started.add(starting.submit(() -> startInstance(name)));
        }
        for (Future<Instance> f : started) {
            instances.add(f.get());
        }
        starting.shutdown();
        await(() -> heap.fileCount() == expectedPaths.size(), "the single copy to read every file");
        await(() -> instances.stream().allMatch(i -> !i.files().ownedPartitions().isEmpty()),
                "every instance to own a partition");
        await(() -> instances.stream().mapToLong(i -> i.files().ownedFileCount()).sum() == expectedPaths.size(),
                "the instances to restore their partitions");
    }

    private StageContext context(String name) {
        String url = registry.url();
        MeridianConfig config = new MeridianConfig("test", KafkaConfig.embeddedDefaults(), new RegistryConfig(url, Map.of()),
                List.of(), List.of(), List.of(), HttpConfig.defaults().withPort(0));
        Properties props = new Properties();
        props.putAll(clientProps);
        return new StageContext(config, props, () -> HttpSchemaRegistryClient.of(url), dir.resolve(name), Optional.empty());
    }

    private Instance startInstance(String name) throws Exception {
        StageContext context = context(name);
        HttpApi http = HttpApi.fromConfig(context.config().http());
        PartitionedFiles files = new PartitionedFiles();
        MetadataStore store = new MetadataStore(files);
        MetadataMaterializer materializer = new MetadataMaterializer(context, store);
        QueryApi api = new QueryApi(context, store, http, new QueryEngine.Limits(10_000, Duration.ofSeconds(60)), null);
        PartitionedQueryTier tier = new PartitionedQueryTier(context, http, files);
        materializer.start();
        api.start();
        http.start();
        tier.start();
        return new Instance(http, files, tier, materializer, api, new QueryEngine(store, new QueryEngine.Limits(10_000, Duration.ofSeconds(60))));
    }

    /** Random files in nested directories, some overwritten, some deleted (tombstones), and silo usage for joins. */
    private void publish(Random random) throws Exception {
        String[] dirs = {"/datasets/d0/", "/datasets/d1/", "/datasets/d1/s1/", "/datasets/d2/", "/datasets/d2/s2/t/", "/datasets/d3/"};
        String[] exts = {"bin", "parquet", "txt", "png"};
        try (var client = HttpSchemaRegistryClient.of(registry.url());
             KafkaProducer<String, FileRecord> producer = new KafkaProducer<>(clientProps, new StringSerializer(),
                     AvroSerde.specific(FileRecord.class, client).serializer())) {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                String path = dirs[random.nextInt(dirs.length)] + String.format("f%05d.%s", i, exts[random.nextInt(exts.length)]);
                paths.add(path);
                Map<String, String> tags = random.nextInt(3) == 0 ? Map.of("stage", random.nextBoolean() ? "training" : "eval") : Map.of();
                String[] silos = random.nextBoolean() ? new String[] {"nas"} : new String[] {"nas", "gpu"};
                producer.send(new ProducerRecord<>(Topics.METADATA, path, Records.file(path, random.nextInt(10_000), tags, silos)));
                expectedPaths.add(path);
            }
            for (int i = 0; i < FILES / 10; i++) {
                String path = paths.get(random.nextInt(paths.size()));
                if (random.nextBoolean()) {
                    producer.send(new ProducerRecord<>(Topics.METADATA, path, null));
                    expectedPaths.remove(path);
                } else {
                    producer.send(new ProducerRecord<>(Topics.METADATA, path, Records.file(path, 123_456, Map.of("stage", "training"), "gpu")));
                    expectedPaths.add(path);
                }
            }
            producer.flush();
        }
        io.meridian.query.testing.Producers.send(kafka.bootstrapServers(), registry.url(), Topics.SILOS,
                io.meridian.schemas.Silo.class, "nas", Records.posixSilo("nas", "/tmp/nas", "onprem", Tier.CAPACITY, 1000));
        io.meridian.query.testing.Producers.send(kafka.bootstrapServers(), registry.url(), Topics.SILOS,
                io.meridian.schemas.Silo.class, "gpu", Records.posixSilo("gpu", "/tmp/gpu", "gpu-east", Tier.PERFORMANCE, 1000));
        io.meridian.query.testing.Producers.send(kafka.bootstrapServers(), registry.url(), Topics.SILO_USAGE,
                io.meridian.schemas.SiloUsage.class, "nas", Records.usage("nas", 300, 3));
        io.meridian.query.testing.Producers.send(kafka.bootstrapServers(), registry.url(), Topics.SILO_USAGE,
                io.meridian.schemas.SiloUsage.class, "gpu", Records.usage("gpu", 700, 7));
    }

    @Test
    @Order(1)
    void eachInstanceHoldsOnlyItsPartitionsAndTogetherAllFiles() {
        Set<Integer> owned = new HashSet<>();
        long held = 0;
        for (Instance i : instances) {
            List<Integer> mine = i.files().ownedPartitions();
            assertThat(mine).as("partitions of one instance").hasSizeLessThan(PARTITIONS);
            mine.forEach(p -> assertThat(owned.add(p)).as("partition %d owned twice", p).isTrue());
            long count = i.files().ownedFileCount();
            assertThat(count).as("files held by one instance").isPositive().isLessThan(expectedPaths.size());
            held += count;
        }
        assertThat(owned).hasSize(PARTITIONS);
        assertThat(held).as("files held by all instances").isEqualTo(expectedPaths.size());
    }

    @Test
    @Order(2)
    void everyInstanceAnswersEveryQueryAsTheSingleCopyDoes() {
        assertSameAnswers(instances);
    }

    @Test
    @Order(3)
    void filesListingsAndRangesAreTheSameFromEveryInstance() {
        MetadataStore heap = singleMaterializer.store();
        List<String> sample = List.copyOf(expectedPaths).subList(0, 50);
        for (Instance i : instances) {
            MetadataStore store = i.engine().store();
            for (String path : sample) {
                assertThat(store.file(path).map(FileRow::record)).as(path).isEqualTo(heap.file(path).map(FileRow::record));
            }
            assertThat(store.file("/datasets/none.bin")).isEmpty();
            for (String d : List.of("/datasets/", "/datasets/d1/", "/datasets/d2/", "/nope/")) {
                assertThat(store.children(d, 1000)).as("children of %s", d).isEqualTo(heap.children(d, 1000));
                assertThat(store.children(d, 3)).as("first 3 children of %s", d).isEqualTo(heap.children(d, 3));
            }
            List<String> prefixed = new ArrayList<>();
            store.withPrefix("/datasets/d1/").forEach(r -> prefixed.add(r.path()));
            List<String> expected = new ArrayList<>();
            heap.withPrefix("/datasets/d1/").forEach(r -> expected.add(r.path()));
            assertThat(prefixed).isEqualTo(expected);
        }
    }

    @Test
    @Order(4)
    void twoInstancesAnswerCountOverHttpIdenticallyAfterAThirdStops() throws Exception {
        Instance stopped = instances.remove(instances.size() - 1);
        stopped.close();
        await(() -> instances.stream().mapToInt(i -> i.files().ownedPartitions().size()).sum() == PARTITIONS,
                "the two instances left to own every partition");
        HttpClient http = HttpClient.newHttpClient();
        List<String> answers = new ArrayList<>();
        for (Instance i : instances) {
            assertThat(i.files().ownedPartitions()).hasSizeLessThan(PARTITIONS);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(i.http().url() + "/v1/query"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT count(*) FROM files\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            answers.add(response.body().replaceAll("\"millis\":\\d+", ""));
        }
        assertThat(answers.get(0)).contains(String.valueOf(expectedPaths.size())).isEqualTo(answers.get(1));
        assertSameAnswers(instances);
    }

    private void assertSameAnswers(List<Instance> serving) {
        List<String> some = List.copyOf(expectedPaths).subList(100, 104);
        for (String query : QUERIES) {
            String sql = query.contains("%s") ? String.format(query, "'" + String.join("', '", some) + "'") : query;
            QueryResult expected = single.query(sql);
            assertThat(expected.rows()).as("the single copy answers %s", sql).isNotEmpty();
            for (Instance i : serving) {
                QueryResult actual = i.engine().query(sql);
                assertThat(actual.columns()).as(sql).isEqualTo(expected.columns());
                assertThat(actual.rows()).as(sql).isEqualTo(expected.rows());
            }
        }
        assertThat(single.query("SELECT count(*) FROM files").rows()).containsExactly(List.of((long) expectedPaths.size()));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** The condition's value; false while it cannot be evaluated yet (the group is rebalancing). */
    private static boolean holds(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @AfterAll
    void stop() {
        instances.forEach(Instance::close);
        if (singleMaterializer != null) {
            singleMaterializer.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
