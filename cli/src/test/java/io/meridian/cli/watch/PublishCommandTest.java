package io.meridian.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.Meridian;
import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.TopicBootstrap;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code meridian publish} in-process against an embedded broker and registry. */
@Timeout(90)
@Tag("integration")
class PublishCommandTest {
    @TempDir
    static Path tmp;
    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startStack() throws Exception {
        kafka = EmbeddedKafka.builder().dataDir(tmp.resolve("kafka")).port(0).build().start();
        registry = EmbeddedSchemaRegistry.builder().bootstrapServers(kafka.bootstrapServers()).port(0).build().start();
        try (Admin admin = Admin.create(props())) {
            new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(Topics.all(), 3, (short) 1);
        }
    }

    @AfterAll
    static void stopStack() {
        registry.close();
        kafka.close();
    }

    private static Properties props() {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return props;
    }

    @Test
    void shouldPublishGoodLinesReportBadOnesByLineNumberAndFail() throws Exception {
        Path config = tmp.resolve("meridian.yaml");
        Files.writeString(config, """
                kafka:
                  bootstrap: %s
                schemaRegistry:
                  url: %s
                silos:
                  - id: lustre
                    kind: posix
                    root: ./lustre
                    mount: /scratch
                    site: hpc
                    tier: performance
                    capacity: 1TiB
                """.formatted(kafka.bootstrapServers(), registry.url()));
        String lines = String.join("\n",
                "# from a Lustre changelog adaptor",
                "{\"silo\":\"lustre\",\"path\":\"/scratch/run1/out.h5\",\"size\":42,\"mtime\":\"2026-01-31T12:00:00Z\"}",
                "{\"silo\":\"lustre\",\"path\":\"/scratch/../etc/passwd\",\"mtime\":0}",
                "",
                "{\"silo\":\"lustre\",\"path\":\"/scratch/run1/old.h5\",\"type\":\"DELETE\"}",
                "{\"silo\":\"gpfs\",\"path\":\"/x\",\"mtime\":0}",
                "{\"silo\":\"lustre\",\"path\":\"/scratch/run1/y.h5\",\"mtime\":\"+999999999-12-31T23:59:59Z\"}",
                "{\"silo\":\"lustre\",\"path\":\"/scratch/run1/z.h5\",\"mtime\":0,\"owner\":\"" + "o".repeat(500_000) + "\"}",
                "{\"silo\":\"lustre\",\"path\":\"/etc/passwd\",\"mtime\":0}",
                "{\"silo\":\"lustre\",\"path\":\"/scratch/run1/last.h5\",\"size\":7,\"mtime\":0} trailing",
                "{\"silo\":\"lustre\",\"path\":\"/scratch/run1/last.h5\",\"size\":7,\"mtime\":0}");
        PublishCommand.input = new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Meridian.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("publish", "--config", config.toString(), "--home", tmp.resolve("home").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("published 3 events, 6 lines refused");
        assertThat(err.toString()).contains("line 3: ").contains("'..'").contains("line 6: unknown silo 'gpfs'")
                .contains("line 7: 'mtime' +999999999-12-31T23:59:59Z is out of range")
                .contains("line 8: 'owner' is 500000 characters long; at most 256 are allowed")
                .contains("line 9: 'path' '/etc/passwd' is outside the silo's mount '/scratch'")
                .contains("line 10: not JSON: data after the JSON value");
        assertThat(published()).containsExactlyInAnyOrder("UPSERT /scratch/run1/out.h5", "DELETE /scratch/run1/old.h5",
                "UPSERT /scratch/run1/last.h5");
    }

    @Test
    void shouldExitZeroWhenEveryLineIsPublishedAndDocumentTheExitCodes() throws Exception {
        Path config = tmp.resolve("meridian-ok.yaml");
        Files.writeString(config, """
                kafka:
                  bootstrap: %s
                schemaRegistry:
                  url: %s
                silos:
                  - id: nas
                    kind: posix
                    root: ./nas
                    mount: /datasets
                    site: s
                    tier: capacity
                    capacity: 1TiB
                """.formatted(kafka.bootstrapServers(), registry.url()));
        PublishCommand.input = new ByteArrayInputStream("{\"silo\":\"nas\",\"path\":\"/datasets/ok.bin\",\"mtime\":0}\n"
                .getBytes(StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        CommandLine cli = Meridian.commandLine();
        cli.setOut(new PrintWriter(out));

        assertThat(cli.execute("publish", "--config", config.toString(), "--home", tmp.resolve("home").toString())).isZero();
        assertThat(out.toString()).contains("published 1 events").doesNotContain("refused");
        assertThat(cli.getSubcommands().get("publish").getUsageMessage())
                .contains("0   every line published").contains("1   some lines refused").contains("2   usage or config error");
    }

    private static List<String> published() {
        try (SchemaRegistry client = HttpSchemaRegistryClient.of(registry.url());
             KafkaConsumer<String, FileEvent> consumer = new KafkaConsumer<>(props(), new StringDeserializer(), values(client))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.FILE_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 20 && events.size() < 3; i++) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> events.add(r.value().getType() + " " + r.key()));
            }
            return events;
        }
    }

    private static Deserializer<FileEvent> values(SchemaRegistry client) {
        Deserializer<FileEvent> values = TopicCatalog.FILE_EVENTS.bind(client).valueSerde().deserializer();
        values.configure(Map.of(), false);
        return values;
    }
}
