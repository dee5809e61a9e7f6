package io.meridian.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.kafka.KafkaClients;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The parts started together, as {@code meridian up} does, across restarts and failures. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("integration")
class DevStackTest {
    private static final String SCHEMA =
            "{\"type\":\"record\",\"name\":\"Up\",\"fields\":[{\"name\":\"run\",\"type\":\"int\"}]}";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path baseDir;

    @Test
    void shouldFindTopicsSchemasAndObjectsAgainAfterARestartOnTheSameDirectoryAndPorts() throws Exception {
        int kafkaPort = LocalPorts.freePort();
        int registryPort = LocalPorts.freePort();
        int s3Port = LocalPorts.freePort();
        String schemaId;
        try (DevStack stack = all(kafkaPort, registryPort, s3Port).start()) {
            Endpoints endpoints = stack.endpoints();
            KafkaClients.produce(endpoints.kafkaBootstrap(), "meridian.up", Map.of("run", "1"));
            schemaId = registerSchema(endpoints.registryUrl());
            stack.s3().createBucket("up-bucket");
            minio(endpoints).putObject(PutObjectArgs.builder().bucket("up-bucket").object("o")
                    .stream(new ByteArrayInputStream(new byte[] {7}), 1, -1).build());
        }
        assertThat(baseDir.resolve("kafka/meta.properties")).exists();
        assertThat(Files.isDirectory(baseDir.resolve("s3/up-bucket"))).isTrue();

        try (DevStack stack = all(kafkaPort, registryPort, s3Port).start()) {
            Endpoints endpoints = stack.endpoints();

            assertThat(endpoints.kafkaBootstrap()).isEqualTo("127.0.0.1:" + kafkaPort);
            assertThat(endpoints.registryUrl()).isEqualTo("http://127.0.0.1:" + registryPort);
            assertThat(KafkaClients.consume(endpoints.kafkaBootstrap(), "meridian.up", 1)).containsExactly("run=1");
            assertThat(registerSchema(endpoints.registryUrl())).isEqualTo(schemaId);
            try (InputStream in = minio(endpoints).getObject(GetObjectArgs.builder().bucket("up-bucket").object("o").build())) {
                assertThat(in.readAllBytes()).containsExactly(7);
            }
        }
    }

    @Test
    void shouldStopWhatStartedAndNameThePartWhenOneCannotStart() throws Exception {
        int kafkaPort = LocalPorts.freePort();
        try (ServerSocket taken = new ServerSocket(0, 0, LocalPorts.loopback())) {
            DevStack stack = all(kafkaPort, 0, taken.getLocalPort());

            assertThatThrownBy(stack::start).isInstanceOf(DevStackException.class)
                    .hasMessage("could not start the S3 endpoint: port " + taken.getLocalPort()
                            + " is in use: stop the other process or choose another port");
        }
        assertThatCode(() -> LocalPorts.requireFree(kafkaPort)).doesNotThrowAnyException();
    }

    @Test
    void shouldStartOnlyTheRequestedParts() {
        try (DevStack stack = DevStack.builder().baseDir(baseDir).s3(0).build().start()) {
            Endpoints endpoints = stack.endpoints();

            assertThat(endpoints.kafkaBootstrap()).isNull();
            assertThat(endpoints.registryUrl()).isNull();
            assertThat(endpoints.s3Endpoint()).startsWith("http://127.0.0.1:");
            assertThat(endpoints.toString()).doesNotContain(endpoints.s3Credentials().secretKey());
        }
    }

    @Test
    void shouldStoreTheRegistrysSchemasInAnExternalCluster() throws Exception {
        try (EmbeddedKafka external = EmbeddedKafka.builder().dataDir(baseDir.resolve("external")).build().start();
             DevStack stack = DevStack.builder().baseDir(baseDir).externalKafka(external.bootstrapServers())
                     .schemaRegistry(0).build().start()) {
            registerSchema(stack.endpoints().registryUrl());

            assertThat(stack.endpoints().kafkaBootstrap()).isNull();
            assertThat(KafkaClients.consume(external.bootstrapServers(), "_schemas", 1)).hasSize(1);
        }
    }

    @Test
    void shouldRefuseARegistryWithoutKafkaToStoreItsSchemas() {
        assertThatThrownBy(() -> DevStack.builder().baseDir(baseDir).schemaRegistry(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stores its schemas in Kafka");
    }

    private DevStack all(int kafkaPort, int registryPort, int s3Port) {
        return DevStack.builder().baseDir(baseDir).kafka(kafkaPort).schemaRegistry(registryPort).s3(s3Port).build();
    }

    private static MinioClient minio(Endpoints endpoints) {
        return MinioClient.builder().endpoint(endpoints.s3Endpoint())
                .credentials(endpoints.s3Credentials().accessKey(), endpoints.s3Credentials().secretKey()).build();
    }

    /** Registers {@link #SCHEMA} and returns the answer's id field as text. */
    private static String registerSchema(String registryUrl) throws Exception {
        String body = JSON.writeValueAsString(Map.of("schema", SCHEMA));
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registryUrl + "/subjects/up-value/versions"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("id").asText();
    }
}
