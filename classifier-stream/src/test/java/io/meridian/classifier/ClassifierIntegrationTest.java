package io.meridian.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.ConfigLoader;
import io.meridian.config.MeridianConfig;
import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.StageContext;
import io.meridian.streams.DeadLetters;
import io.meridian.topics.TopicBootstrap;
import io.meridian.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classifier app on the real embedded broker and registry, with 3 partitions: directory tags
 * reach files on every partition (also files created after the tag), usage is summed over
 * partitions, and a record that does not parse becomes a dead letter without stopping the app.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("integration")
class ClassifierIntegrationTest {
    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registryServer;
    private static SchemaRegistry registry;
    private static ClassifierTopics topics;
    private static ClassifierApp app;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).build().start();
        registryServer = EmbeddedSchemaRegistry.builder().bootstrapServers(kafka.bootstrapServers()).build().start();
        registry = HttpSchemaRegistryClient.of(registryServer.url());
        topics = ClassifierTopics.of(registry);
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(Topics.all(), PARTITIONS, (short) 1);
        }
        TopicFixture.produce(kafka.bootstrapServers(), topics.silos(), Map.of("nas", TestEvents.silo("nas"), "gpu", TestEvents.silo("gpu")));
        MeridianConfig config = ConfigLoader.parse("test", """
                kafka: { bootstrap: "%s" }
                schemaRegistry: { url: "%s" }
                silos:
                  - { id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 1TiB }
                """.formatted(kafka.bootstrapServers(), registryServer.url()), dir);
        app = new ClassifierApp(new StageContext(config, props, () -> HttpSchemaRegistryClient.of(registryServer.url()),
                dir.resolve("state"), Optional.empty()));
        app.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (registryServer != null) {
            registryServer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldGiveDirectoryTagsToFilesOnEveryPartitionIncludingLaterOnes() {
        Map<String, FileEvent> files = new LinkedHashMap<>();
        Set<Integer> partitions = new TreeSet<>();
        for (int i = 0; i < 12; i++) {
            String path = "/datasets/train/shard-" + i + ".tfrecord";
            files.put(path, TestEvents.upsert(path, "gpu", 100 + i, 1));
            partitions.add(TopicFixture.partitionOf(path, PARTITIONS));
        }
        assertThat(partitions).containsExactly(0, 1, 2);
        TopicFixture.produce(kafka.bootstrapServers(), topics.fileEvents(), files);
        TopicFixture.readUntil(kafka.bootstrapServers(), topics.metadata(), m -> m.keySet().containsAll(files.keySet()), WAIT);

        TagCommand tag = TestEvents.setTags("/datasets/train/", Map.of("stage", "training"), "ana");
        TopicFixture.produce(kafka.bootstrapServers(), topics.tagCommands(), Map.of(tag.getPath(), tag));
        String later = "/datasets/train/shard-late.tfrecord";
        TopicFixture.produce(kafka.bootstrapServers(), topics.fileEvents(), Map.of(later, TestEvents.upsert(later, "gpu", 5, 2)));

        Map<String, FileRecord> metadata = TopicFixture.readUntil(kafka.bootstrapServers(), topics.metadata(),
                m -> m.containsKey(later) && m.values().stream().filter(r -> r.getPath().startsWith("/datasets/train/"))
                        .allMatch(r -> r.getTags().containsKey("stage")), WAIT);
        assertThat(metadata.get(later).getTags().get("stage").getInheritedFrom()).isEqualTo("/datasets/train/");
        assertThat(metadata.get(later).getAutoTags()).containsEntry("format", "tfrecord");

        long expectedBytes = files.values().stream().mapToLong(FileEvent::getSize).sum() + 5;
        Map<String, SiloUsage> usage = TopicFixture.readUntil(kafka.bootstrapServers(), topics.siloUsage(),
                u -> u.containsKey("gpu") && u.get("gpu").getFileCount() == 13, WAIT);
        assertThat(usage.get("gpu").getUsedBytes()).isEqualTo(expectedBytes);
    }

    @Test
    void shouldDeadLetterARecordThatDoesNotParseAndKeepRunning() {
        byte[] poison = "not avro".getBytes(StandardCharsets.UTF_8);
        TopicFixture.produceRaw(kafka.bootstrapServers(), Topics.FILE_EVENTS, "/datasets/poison".getBytes(StandardCharsets.UTF_8), poison);
        String after = "/datasets/after-poison.bin";
        TopicFixture.produce(kafka.bootstrapServers(), topics.fileEvents(), Map.of(after, TestEvents.upsert(after, "nas", 7, 1)));

        var letter = TopicFixture.readRawUntil(kafka.bootstrapServers(), Topics.DEAD_LETTERS,
                r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).equals("not avro"), WAIT);
        assertThat(letter.headers().lastHeader(DeadLetters.HEADER_EXCEPTION)).isNotNull();
        assertThat(new String(letter.headers().lastHeader(DeadLetters.HEADER_TOPIC).value(), StandardCharsets.UTF_8))
                .isEqualTo(Topics.FILE_EVENTS);
        Map<String, FileRecord> metadata = TopicFixture.readUntil(kafka.bootstrapServers(), topics.metadata(),
                m -> m.containsKey(after), WAIT);
        assertThat(metadata.get(after).getInstances()).hasSize(1);
    }

    @Test
    void shouldDeadLetterAnEventOfAnUnknownSilo() {
        String path = "/datasets/elsewhere.bin";
        TopicFixture.produce(kafka.bootstrapServers(), topics.fileEvents(), Map.of(path, TestEvents.upsert(path, "mars", 1, 1)));
        var letter = TopicFixture.readRawUntil(kafka.bootstrapServers(), Topics.DEAD_LETTERS,
                r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(path), WAIT);
        assertThat(new String(letter.headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8))
                .contains("unknown silo 'mars'");
    }

}
