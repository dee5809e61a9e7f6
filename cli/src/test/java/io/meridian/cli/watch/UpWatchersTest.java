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
import io.meridian.schemas.serde.AvroSerde;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ingest issue's "done when", in process: {@code up} on the demo watches its POSIX and S3 silos. */
@Timeout(120)
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
    void shouldPublishFilesCreatedInEveryDemoSiloWithinSeconds() throws Exception {
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
        long start = System.nanoTime();

        Map<String, FileEvent> seen = awaitEvents(expected, Duration.ofSeconds(20));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(seen.values()).allMatch(e -> e.getSize() == 7);
        assertThat(seconds).as("seconds until every silo's event was on the topic").isLessThan(10);
    }

    private static void put(String bucket, String key) throws Exception {
        EmbeddedS3 s3 = runtime.stack().s3();
        MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build();
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(new ByteArrayInputStream(new byte[7]), 7, -1).build());
    }

    /** Silo id → the event of its expected path, as soon as all are on meridian.file-events. */
    private static Map<String, FileEvent> awaitEvents(Map<String, String> expected, Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, runtime.endpoints().kafkaBootstrap());
        Map<String, FileEvent> seen = new HashMap<>();
        try (SchemaRegistry registry = HttpSchemaRegistryClient.of(runtime.endpoints().registryUrl());
             KafkaConsumer<String, FileEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values(registry))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.FILE_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen.size() < expected.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    FileEvent event = r.value();
                    if (event.getPath().equals(expected.get(event.getSilo()))) {
                        seen.put(event.getSilo(), event);
                    }
                });
            }
        }
        return seen;
    }

    private static Deserializer<FileEvent> values(SchemaRegistry registry) {
        Deserializer<FileEvent> values = AvroSerde.specific(FileEvent.class, registry).deserializer();
        values.configure(Map.of(), false);
        return values;
    }
}
