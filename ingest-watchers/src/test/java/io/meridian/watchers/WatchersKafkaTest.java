package io.meridian.watchers;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.ConfigLoader;
import io.meridian.config.HttpConfig;
import io.meridian.config.MeridianConfig;
import io.meridian.config.S3Endpoint;
import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.devstack.s3.EmbeddedS3;
import io.meridian.http.HttpApi;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.schemas.serde.AvroSerde;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.streams.DeadLetters;
import io.meridian.topics.TopicBootstrap;
import io.meridian.topics.Topics;
import io.meridian.watchers.hooks.EventPublisher;
import io.meridian.watchers.hooks.EventValidator;
import io.meridian.watchers.hooks.EventsRoute;
import io.meridian.watchers.lease.SiloLease;
import io.meridian.watchers.posix.PosixWatcher;
import io.meridian.watchers.view.SiloView;
import io.meridian.watchers.publish.KafkaEventSink;
import io.meridian.watchers.publish.SequenceClock;
import io.meridian.watchers.s3.S3Watcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Watchers and hooks against a real embedded broker, schema registry and S3Proxy (one of each for the class). */
@Timeout(120)
@Tag("integration")
class WatchersKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    static Path tmp;
    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;
    private static EmbeddedS3 s3;

    @BeforeAll
    static void startStack() throws Exception {
        kafka = EmbeddedKafka.builder().dataDir(tmp.resolve("kafka")).port(0).build().start();
        registry = EmbeddedSchemaRegistry.builder().bootstrapServers(kafka.bootstrapServers()).port(0).build().start();
        s3 = EmbeddedS3.builder().port(0).build().start();
        s3.createBucket("archive");
        try (Admin admin = Admin.create(kafkaProps())) {
            new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(Topics.all(), 3, (short) 1);
        }
    }

    @AfterAll
    static void stopStack() {
        s3.close();
        registry.close();
        kafka.close();
    }

    private static Properties kafkaProps() {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return props;
    }

    private static StageContext context(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("nas"));
        String yaml = """
                kafka:
                  bootstrap: %s
                schemaRegistry:
                  url: %s
                silos:
                  - id: nas
                    kind: posix
                    root: ./nas
                    mount: /datasets
                    site: onprem
                    tier: capacity
                    capacity: 1GiB
                  - id: archive
                    kind: s3
                    endpoint: embedded
                    bucket: archive
                    mount: /datasets
                    site: cloud
                    tier: archive
                    capacity: 1GiB
                    notifications: { kafkaTopic: minio-events }
                """.formatted(kafka.bootstrapServers(), registry.url());
        Files.writeString(dir.resolve("meridian.yaml"), yaml);
        MeridianConfig config = ConfigLoader.load(dir.resolve("meridian.yaml"));
        return new StageContext(config, kafkaProps(), () -> HttpSchemaRegistryClient.of(registry.url()), dir.resolve("state"),
                Optional.of(new S3Endpoint(s3.endpoint(), s3.accessKey(), s3.secretKey())));
    }

    /** Every FileEvent on the topic that matches, with its key, read from the beginning. */
    private static List<ConsumerRecord<String, FileEvent>> fileEvents(Predicate<FileEvent> match, int atLeast) throws Exception {
        return fileEvents(match, atLeast, WAIT);
    }

    private static List<ConsumerRecord<String, FileEvent>> fileEvents(Predicate<FileEvent> match, int atLeast, Duration wait) throws Exception {
        try (SchemaRegistry client = HttpSchemaRegistryClient.of(registry.url());
             KafkaConsumer<String, FileEvent> consumer = new KafkaConsumer<>(kafkaProps(), new StringDeserializer(), values(client))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.FILE_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, FileEvent>> out = new ArrayList<>();
            long deadline = System.nanoTime() + wait.toNanos();
            long quietUntil = 0;
            while (System.nanoTime() < deadline && (out.size() < atLeast || System.nanoTime() < quietUntil)) {
                for (ConsumerRecord<String, FileEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record.value())) {
                        out.add(record);
                        quietUntil = System.nanoTime() + Duration.ofMillis(700).toNanos();
                    }
                }
            }
            return out;
        }
    }

    private static Deserializer<FileEvent> values(SchemaRegistry client) {
        Deserializer<FileEvent> values = AvroSerde.specific(FileEvent.class, client).deserializer();
        values.configure(Map.of(), false);
        return values;
    }

    @Test
    void shouldPublishAPosixSiloKeyedByPathAndOnlyTheOfflineChangesAfterARestart() throws Exception {
        Path dir = tmp.resolve("posix");
        StageContext context = context(dir);
        Files.writeString(Files.createDirectories(dir.resolve("nas/p")).resolve("keep.bin"), "k");
        Files.writeString(dir.resolve("nas/p/drop.bin"), "d");
        PosixWatcher first = WatcherStages.posix(context, context.config().silos().get(0), WatchSettings.defaults().posix(), SiloView.NONE,
                WatcherMetrics.unregistered("nas", io.meridian.schemas.SiloKind.POSIX));
        first.start();
        assertThat(first.awaitInitialScan(WAIT)).isTrue();
        Files.writeString(dir.resolve("nas/p/live.bin"), "live");
        List<ConsumerRecord<String, FileEvent>> before = fileEvents(e -> e.getPath().startsWith("/datasets/p/"), 3);
        first.close();

        Files.delete(dir.resolve("nas/p/drop.bin"));
        Files.writeString(dir.resolve("nas/p/offline.bin"), "o");
        PosixWatcher second = WatcherStages.posix(context, context.config().silos().get(0), WatchSettings.defaults().posix(), SiloView.NONE,
                WatcherMetrics.unregistered("nas", io.meridian.schemas.SiloKind.POSIX));
        second.start();
        assertThat(second.awaitInitialScan(WAIT)).isTrue();
        List<ConsumerRecord<String, FileEvent>> after = fileEvents(e -> e.getPath().startsWith("/datasets/p/"), 5);
        second.close();

        assertThat(before).allMatch(r -> r.key().equals(r.value().getPath()));
        assertThat(before).extracting(r -> r.value().getPath())
                .containsExactlyInAnyOrder("/datasets/p/keep.bin", "/datasets/p/drop.bin", "/datasets/p/live.bin");
        List<String> earlier = before.stream().map(r -> r.partition() + "@" + r.offset()).toList();
        assertThat(after.stream().filter(r -> !earlier.contains(r.partition() + "@" + r.offset())))
                .extracting(r -> r.value().getType() + " " + r.value().getPath())
                .containsExactlyInAnyOrder("DELETE /datasets/p/drop.bin", "UPSERT /datasets/p/offline.bin");
    }

    @Test
    void shouldRunAWatcherPerSiloAsUpDoesAndTakeMinioNotificationsFromTheTopicInTheSiloConfig() throws Exception {
        StageContext context = context(tmp.resolve("stages"));
        // What `meridian up` runs: no command options, so the topic can only come from the silo's config.
        List<Stage> stages = WatcherStages.forUp(context);
        assertThat(stages).extracting(Stage::name).containsExactly("view mirror", "posix watcher nas", "s3 watcher archive");
        SiloLease lease = (SiloLease) stages.get(2);
        lease.start();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafkaProps(), new StringSerializer(), new StringSerializer())) {
            S3Watcher watcher = (S3Watcher) awaitWatcher(lease);
            assertThat(watcher.awaitInitialListing(WAIT)).isTrue();
            String message = "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"archive/n.bin\",\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\","
                    + "\"eventTime\":\"2026-01-01T00:00:00Z\",\"s3\":{\"bucket\":{\"name\":\"archive\"},"
                    + "\"object\":{\"key\":\"notified%20file.bin\",\"size\":7,\"eTag\":\"e1\",\"sequencer\":\"0A\"}}}]}";
            List<ConsumerRecord<String, FileEvent>> seen = List.of();
            for (int attempt = 0; attempt < 15 && seen.isEmpty(); attempt++) {
                // The watcher's consumer starts at the end of the topic once assigned; repeat until it is.
                producer.send(new ProducerRecord<>("minio-events", "archive/n.bin", message)).get();
                producer.send(new ProducerRecord<>("minio-events", "bad", "{not json")).get();
                seen = fileEvents(e -> e.getPath().equals("/datasets/notified file.bin"), 1, Duration.ofSeconds(2));
            }
            assertThat(seen).isNotEmpty();
            assertThat(seen.get(0).value().getSize()).isEqualTo(7);
        } finally {
            lease.close();
        }
        assertThat(deadLetterReasons()).anyMatch(reason -> reason.contains("not JSON"));
    }

    @Test
    void shouldWatchASiloFromOneReplicaAtATimeAndLetAnotherTakeOverWhenItStops() throws Exception {
        StageContext first = context(tmp.resolve("replicas"));
        // A second host: same config and silo root, its own state directory (no checkpoint of its own).
        StageContext second = new StageContext(first.config(), kafkaProps(), first.registry(), tmp.resolve("replicas/state-2"),
                first.embeddedS3());
        List<Stage> one = WatcherStages.forSilos(first, List.of("nas"), WatchSettings.defaults());
        List<Stage> two = WatcherStages.forSilos(second, List.of("nas"), WatchSettings.defaults());
        SiloLease a = (SiloLease) one.get(1);
        SiloLease b = (SiloLease) two.get(1);
        AtomicBoolean both = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (a.watcher().isPresent() && b.watcher().isPresent()) {
                    both.set(true);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        try {
            for (Stage stage : one) {
                stage.start();
            }
            for (Stage stage : two) {
                stage.start();
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (a.watcher().isEmpty() && b.watcher().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            SiloLease holder = a.watcher().isPresent() ? a : b;
            SiloLease other = holder == a ? b : a;
            Files.writeString(tmp.resolve("replicas/nas/first.bin"), "1");
            assertThat(fileEvents(e -> e.getPath().equals("/datasets/first.bin"), 1)).isNotEmpty();
            assertThat(other.watcher()).as("the other replica waits").isEmpty();

            (holder == a ? one : two).forEach(Stage::close);
            deadline = System.nanoTime() + WAIT.toNanos();
            while (other.watcher().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(other.watcher()).as("the survivor took over within %s", WAIT).isPresent();
            Files.writeString(tmp.resolve("replicas/nas/second.bin"), "2");
            assertThat(fileEvents(e -> e.getPath().equals("/datasets/second.bin"), 1)).isNotEmpty();
        } finally {
            sampler.interrupt();
            one.forEach(Stage::close);
            two.forEach(Stage::close);
        }
        assertThat(both).as("two replicas watched the silo at the same time").isFalse();
    }

    private static Stage awaitWatcher(SiloLease lease) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (lease.watcher().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return lease.watcher().orElseThrow(() -> new AssertionError("no watch lease for " + lease.silo() + " within " + WAIT));
    }

    private static List<String> deadLetterReasons() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafkaProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> reasons = new ArrayList<>();
            for (int i = 0; i < 10 && reasons.isEmpty(); i++) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> reasons.add(
                        new String(r.headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8)));
            }
            return reasons;
        }
    }

    @Test
    void shouldPublishHookEventsFromJavaAndHttpWithPerItemResults() throws Exception {
        try (SchemaRegistry client = HttpSchemaRegistryClient.of(registry.url());
             EventPublisher publisher = EventPublisher.connect(kafkaProps(), client, Map.of("nas", "/hooks"));
             KafkaEventSink sink = KafkaEventSink.fileEvents(kafkaProps(), client)) {
            publisher.upsert("nas", "/hooks/java.bin", 3, Instant.parse("2026-01-01T00:00:00Z"));
            publisher.flush();

            HttpApi api = new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), name -> null);
            EventsRoute.register(api, new EventValidator(Map.of("nas", "/hooks"), SequenceClock.system()), sink);
            api.start();
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.url() + "/v1/events"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[{\"silo\":\"nas\",\"path\":\"/hooks/http.bin\",\"mtime\":0},"
                                + "{\"silo\":\"nas\",\"path\":\"/hooks/../x\",\"mtime\":0}]")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(207);
                assertThat(response.body()).contains("\"published\":1").contains("\"index\":1").contains("'..'");
            } finally {
                api.close();
            }
        }
        assertThat(fileEvents(e -> e.getPath().startsWith("/hooks/"), 2)).extracting(r -> r.value().getPath())
                .containsExactlyInAnyOrder("/hooks/java.bin", "/hooks/http.bin");
    }
}
