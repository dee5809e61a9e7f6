package io.meridian.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.runtime.EmbeddedRuntime;
import io.meridian.cli.runtime.MeridianHome;
import io.meridian.config.DemoConfig;
import io.meridian.config.MeridianConfig;
import io.meridian.config.SiloConfig;
import io.meridian.devstack.s3.EmbeddedS3;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
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

/**
 * The ingest issue's "done when", in process: {@code up} on the demo (two POSIX silos and one S3 silo),
 * once it reports ready, publishes an event for a file created in each silo within 5 s of its creation.
 */
@Timeout(120)
@Tag("integration")
class UpWatchersTest {
    @TempDir
    static Path home;
    static EmbeddedRuntime runtime;
    static MeridianConfig demo;

    @BeforeAll
    static void up() {
        MeridianHome meridianHome = new MeridianHome(home);
        demo = DemoConfig.load(meridianHome.demoDir());
        runtime = EmbeddedRuntime.start(demo, meridianHome, EmbeddedRuntime.Ports.ANY_FREE);
    }

    @AfterAll
    static void down() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldPublishFilesCreatedInEveryDemoSiloWithinFiveSeconds() throws Exception {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, runtime.endpoints().kafkaBootstrap());
        try (SchemaRegistry registry = HttpSchemaRegistryClient.of(runtime.endpoints().registryUrl());
             KafkaConsumer<String, FileEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values(registry))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.FILE_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            consumer.poll(Duration.ofMillis(100)); // connected and positioned before the clock starts
            long start = System.nanoTime();
            Map<String, String> expected = createFileInEverySilo();

            Map<String, Double> seconds = awaitEvents(consumer, expected, start, Duration.ofSeconds(20));

            // Measured from just before each file was created, through the watcher, to the topic.
            assertThat(seconds.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            assertThat(seconds).as("seconds from creation until each silo's event was on the topic")
                    .allSatisfy((silo, elapsed) -> assertThat(elapsed).isLessThan(5));
        }
    }

    /** Creates one 7-byte file in every silo of the demo; returns silo id → its logical path. */
    private static Map<String, String> createFileInEverySilo() throws Exception {
        Map<String, String> expected = new HashMap<>();
        for (SiloConfig silo : demo.silos()) {
            String name = "created-in-" + silo.id() + ".bin";
            if (silo.kind() == SiloKind.POSIX) {
                Files.write(Path.of(silo.root()).resolve(name), new byte[7]);
            } else {
                put(silo.bucket(), (silo.prefix() == null ? "" : silo.prefix()) + name);
            }
            expected.put(silo.id(), (silo.mount().endsWith("/") ? silo.mount() : silo.mount() + "/") + name);
        }
        return expected;
    }

    private static void put(String bucket, String key) throws Exception {
        EmbeddedS3 s3 = runtime.stack().s3();
        MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build();
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(new ByteArrayInputStream(new byte[7]), 7, -1).build());
    }

    /** Silo id → seconds since {@code start} until the 7-byte event of its expected path was read. */
    private static Map<String, Double> awaitEvents(KafkaConsumer<String, FileEvent> consumer, Map<String, String> expected,
                                                   long start, Duration timeout) {
        Map<String, Double> seen = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.size() < expected.size() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                FileEvent event = r.value();
                if (event.getPath().equals(expected.get(event.getSilo())) && event.getSize() == 7) {
                    seen.putIfAbsent(event.getSilo(), (System.nanoTime() - start) / 1e9);
                }
            });
        }
        return seen;
    }

    private static Deserializer<FileEvent> values(SchemaRegistry registry) {
        Deserializer<FileEvent> values = TopicCatalog.FILE_EVENTS.bind(registry).valueSerde().deserializer();
        values.configure(Map.of(), false);
        return values;
    }
}
