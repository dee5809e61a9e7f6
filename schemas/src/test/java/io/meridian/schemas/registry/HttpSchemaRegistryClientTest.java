package io.meridian.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meridian.schemas.registry.FakeRegistryServer.Answer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {

    private static final String PASSWORD = "s3cret-Pa55word";
    private static final Schema SCHEMA = SchemaBuilder.record("Probe").namespace("io.meridian.test")
            .fields().requiredString("path").endRecord();

    @Test
    void shouldSendBasicAuthHeaderFromUserInfo() throws IOException {
        try (FakeRegistryServer server = FakeRegistryServer.start(request -> Answer.json(200, "{\"id\":3}"))) {
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistrySettings.fromConfig(Map.of(
                    RegistrySettings.URL, server.url(),
                    RegistrySettings.CREDENTIALS_SOURCE, "USER_INFO",
                    RegistrySettings.USER_INFO, "meridian:" + PASSWORD)));

            assertThat(client.register("files-value", SCHEMA)).isEqualTo(3);

            String expected = "Basic " + Base64.getEncoder()
                    .encodeToString(("meridian:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(server.requests().get(0).header("Authorization")).isEqualTo(expected);
        }
    }

    @Test
    void shouldSendNoAuthorizationHeaderWithoutCredentials() throws IOException {
        try (FakeRegistryServer server = FakeRegistryServer.start(request -> Answer.json(200, "[]"))) {
            HttpSchemaRegistryClient.of(server.url()).subjects();

            assertThat(server.requests().get(0).header("Authorization")).isNull();
        }
    }

    @Test
    void shouldKeepPasswordOutOfRefusalMessageAndToString() throws IOException {
        try (FakeRegistryServer server = FakeRegistryServer.start(request ->
                Answer.json(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}"))) {
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistrySettings.fromConfig(Map.of(
                    RegistrySettings.URL, server.url(),
                    RegistrySettings.CREDENTIALS_SOURCE, "USER_INFO",
                    RegistrySettings.USER_INFO, "meridian:" + PASSWORD,
                    RegistrySettings.TRUSTSTORE_PASSWORD, PASSWORD)));

            SchemaRegistryException refusal = catchThrowableOfType(SchemaRegistryException.class,
                    () -> client.register("files-value", SCHEMA));

            assertThat(refusal.httpStatus()).isEqualTo(401);
            assertThat(refusal.getMessage()).contains(server.url(), RegistrySettings.USER_INFO)
                    .doesNotContain(PASSWORD);
            assertThat(client.toString()).contains("meridian:****").doesNotContain(PASSWORD);
        }
    }

    @Test
    void shouldKeepPasswordOfUrlOutOfUnreachableMessage() throws IOException {
        int deadPort = freePort();
        HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(
                "http://meridian:" + PASSWORD + "@127.0.0.1:" + deadPort);

        SchemaRegistryException failure = catchThrowableOfType(SchemaRegistryException.class, client::subjects);

        assertThat(failure.getMessage()).contains("127.0.0.1:" + deadPort).doesNotContain(PASSWORD);
        assertThat(client.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void shouldNameEveryUrlAndSayWhatToDoWhenNoRegistryAnswers() throws IOException {
        String first = "http://127.0.0.1:" + freePort();
        String second = "http://127.0.0.1:" + freePort();
        HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(first + "," + second);

        SchemaRegistryException failure = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.schemaById(1));

        assertThat(failure.httpStatus()).isZero();
        assertThat(failure.getMessage()).contains(first, second,
                "is the registry running? start ./meridian up or set schemaRegistry.url");
    }

    @Test
    void shouldFailOverToNextUrlWhenFirstRefusesConnection() throws IOException {
        try (FakeRegistryServer server = FakeRegistryServer.start(request -> Answer.json(200, "{\"id\":11}"))) {
            HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(
                    "http://127.0.0.1:" + freePort() + ", " + server.url());

            assertThat(client.register("files-value", SCHEMA)).isEqualTo(11);
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void shouldAskRegistryForSchemaIdOnlyOnce() throws IOException {
        String answer = "{\"schema\":" + quoted(SCHEMA.toString()) + "}";
        try (FakeRegistryServer server = FakeRegistryServer.start(request -> Answer.json(200, answer))) {
            HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(server.url());

            Schema first = client.schemaById(5);
            Schema second = client.schemaById(5);

            assertThat(first).isEqualTo(SCHEMA).isSameAs(second);
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void shouldRegisterEachSchemaOncePerSubject() throws IOException {
        try (FakeRegistryServer server = FakeRegistryServer.start(request -> Answer.json(200, "{\"id\":9}"))) {
            HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(server.url());

            client.register("a-value", SCHEMA);
            client.register("a-value", SCHEMA);
            client.register("b-value", SCHEMA);

            assertThat(server.requests()).extracting(FakeRegistryServer.Recorded::path)
                    .containsExactly("/subjects/a-value/versions", "/subjects/b-value/versions");
            assertThat(client.schemaById(9)).isEqualTo(SCHEMA);
            assertThat(server.requests()).as("id learnt from register needs no fetch").hasSize(2);
        }
    }

    @Test
    void shouldPercentEncodeSubjectAsOnePathSegment() throws IOException {
        try (FakeRegistryServer server = FakeRegistryServer.start(request -> Answer.json(200, "{\"id\":1}"))) {
            HttpSchemaRegistryClient.of(server.url() + "/apis/ccompat/v7/").register("team a/files+x-value", SCHEMA);

            assertThat(server.requests().get(0).path())
                    .isEqualTo("/apis/ccompat/v7/subjects/team%20a%2Ffiles%2Bx-value/versions");
        }
    }

    @Test
    void shouldExplainBodyThatIsNotRegistryJson() throws IOException {
        try (FakeRegistryServer server = FakeRegistryServer.start(request ->
                new Answer(200, "text/html", "<html><body>Welcome to nginx!</body></html>"))) {
            assertThatThrownBy(() -> HttpSchemaRegistryClient.of(server.url()).register("files-value", SCHEMA))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("unexpected body")
                    .hasMessageContaining("Welcome to nginx")
                    .hasMessageContaining("/apis/ccompat/v7");
        }
    }

    @Test
    void shouldReportServerErrorWithCodeAndAdvice() throws IOException {
        try (FakeRegistryServer server = FakeRegistryServer.start(request -> Answer.json(500,
                "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}"))) {
            SchemaRegistryException failure = catchThrowableOfType(SchemaRegistryException.class,
                    () -> HttpSchemaRegistryClient.of(server.url()).latest("files-value"));

            assertThat(failure).isExactlyInstanceOf(SchemaRegistryException.class);
            assertThat(failure.httpStatus()).isEqualTo(500);
            assertThat(failure.errorCode()).isEqualTo(50001);
            assertThat(failure.getMessage()).contains("files-value", "Error in the backend data store", "retry later");
        }
    }

    @Test
    void shouldRefuseNonAvroSchemaFromRegistry() throws IOException {
        try (FakeRegistryServer server = FakeRegistryServer.start(request -> Answer.json(200,
                "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}"))) {
            assertThatThrownBy(() -> HttpSchemaRegistryClient.of(server.url()).schemaById(4))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("PROTOBUF");
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
