package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.runtime.Connections;
import io.meridian.cli.runtime.Initializer;
import io.meridian.config.ConfigLoader;
import io.meridian.config.MeridianConfig;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Foundation scenario against the images of docker-compose.yml: a KRaft Kafka, Confluent's own
 * Schema Registry and MinIO. Proves that nothing in Meridian depends on the embedded components.
 * Needs a Docker engine; without one JUnit reports it skipped ("Docker is not available").
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(300)
@Tag("integration")
class ComposeStackTest {
    static final Network NETWORK = Network.newNetwork();

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1")
            .withNetwork(NETWORK).withNetworkAliases("kafka")
            .withListener("kafka:19092");

    @Container
    static final GenericContainer<?> REGISTRY = new GenericContainer<>("confluentinc/cp-schema-registry:7.9.0")
            .withNetwork(NETWORK)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withExposedPorts(8081)
            .dependsOn(KAFKA);

    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2024-10-13T13-34-11Z");

    @TempDir
    Path dir;

    @Test
    void shouldRunTheFoundationScenarioOnRealImages() throws Exception {
        Path config = dir.resolve("meridian.yaml");
        Files.writeString(config, """
                kafka:
                  bootstrap: %s
                  partitions: 3
                schemaRegistry:
                  url: http://%s:%d
                silos:
                  - { id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 1GiB }
                  - { id: archive, kind: s3, endpoint: %s, bucket: archive, mount: /datasets, site: cloud-a,
                      tier: archive, capacity: 1TiB, credentials: env:ARCHIVE }
                """.formatted(KAFKA.getBootstrapServers(), REGISTRY.getHost(), REGISTRY.getMappedPort(8081),
                MINIO.getS3URL()));
        MeridianConfig parsed = ConfigLoader.load(config);
        Connections connections = Connections.of(parsed, (io.meridian.cli.runtime.EndpointsFile) null);

        Initializer.Report report = Initializer.run(parsed, connections);
        assertThat(report.topics().created()).hasSize(Topics.all().size());

        FileEvent event = MeridianUpTest.event("/datasets/a.bin");
        try (SchemaRegistry registry = connections.registry();
             KafkaProducer<String, FileEvent> producer = new KafkaProducer<>(connections.kafka(), new StringSerializer(),
                     TopicCatalog.FILE_EVENTS.bind(registry).valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.FILE_EVENTS, event.getPath(), event)).get();
        }
        MeridianUpTest.Result tail = MeridianUpTest.run("tail", Topics.FILE_EVENTS, "--from-beginning", "--config", config.toString());
        assertThat(tail.out()).contains("\"key\":\"/datasets/a.bin\"");

        MinioClient minio = MinioClient.builder().endpoint(MINIO.getS3URL())
                .credentials(MINIO.getUserName(), MINIO.getPassword()).build();
        minio.makeBucket(MakeBucketArgs.builder().bucket("archive").build());
        assertThat(minio.bucketExists(BucketExistsArgs.builder().bucket("archive").build())).isTrue();
    }
}
