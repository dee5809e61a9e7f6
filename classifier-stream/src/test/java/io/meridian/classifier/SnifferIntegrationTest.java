package io.meridian.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.classifier.sniff.SniffSettings;
import io.meridian.classifier.sniff.SnifferStage;
import io.meridian.config.ConfigLoader;
import io.meridian.config.MeridianConfig;
import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.expr.ContentTag;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.stage.StageContext;
import io.meridian.topics.TopicBootstrap;
import io.meridian.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Content sniffing end to end on the embedded broker and registry with a POSIX silo in a temp
 * directory: a Parquet file named {@code .csv} gets the auto-tag of a rule over {@code magic}, a real
 * CSV file keeps the extension's.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("integration")
class SnifferIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(45);

    @Test
    void shouldTagAParquetFileWithAMisleadingExtensionByItsContent(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).build().start();
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder().bootstrapServers(kafka.bootstrapServers()).build().start()) {
            Properties props = new Properties();
            props.put("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(props)) {
                new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(Topics.all(), 3, (short) 1);
            }
            ClassifierTopics topics = ClassifierTopics.of(HttpSchemaRegistryClient.of(registry.url()));
            TopicFixture.produce(kafka.bootstrapServers(), topics.silos(), Map.of("nas", TestEvents.silo("nas")));
            MeridianConfig config = ConfigLoader.parse("test", """
                    kafka: { bootstrap: "%s" }
                    schemaRegistry: { url: "%s" }
                    silos:
                      - { id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 1TiB }
                    classification:
                      - name: parquet-by-content
                        when: "magic == 'parquet'"
                        tags: { format: parquet }
                    """.formatted(kafka.bootstrapServers(), registry.url()), dir);
            StageContext context = new StageContext(config, props, () -> HttpSchemaRegistryClient.of(registry.url()),
                    dir.resolve("state"), Optional.empty());
            FileEvent disguised = write(dir, "exports/table.csv", HexFormat.of().parseHex("50415231150015b0011500"), 1);
            FileEvent plain = write(dir, "exports/real.csv", "id,label\n1,cat\n".getBytes(StandardCharsets.UTF_8), 2);
            try (ClassifierApp classifier = new ClassifierApp(context);
                 SnifferStage sniffer = new SnifferStage(context, SniffSettings.defaults())) {
                classifier.start();
                sniffer.start();
                TopicFixture.produce(kafka.bootstrapServers(), topics.fileEvents(),
                        Map.of(disguised.getPath(), disguised, plain.getPath(), plain));

                Map<String, FileRecord> metadata = TopicFixture.readUntil(kafka.bootstrapServers(), topics.metadata(),
                        m -> sniffed(m.get(disguised.getPath())) && sniffed(m.get(plain.getPath())), WAIT);

                FileRecord table = metadata.get(disguised.getPath());
                assertThat(table.getTags().get(ContentTag.KEY).getValue()).isEqualTo("parquet");
                assertThat(table.getAutoTags()).containsEntry("format", "parquet");
                FileRecord real = metadata.get(plain.getPath());
                assertThat(real.getTags().get(ContentTag.KEY).getValue()).isEqualTo(ContentTag.UNKNOWN);
                assertThat(real.getAutoTags()).containsEntry("format", "csv");
            }
        }
    }

    private static boolean sniffed(FileRecord record) {
        return record != null && record.getTags().containsKey(ContentTag.KEY);
    }

    private static FileEvent write(Path dir, String key, byte[] content, long n) throws Exception {
        Path file = dir.resolve("nas").resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return TestEvents.event("/datasets/" + key, "nas", io.meridian.schemas.FileEventType.UPSERT, content.length, n).build();
    }
}
