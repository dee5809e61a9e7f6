package io.meridian.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.schemas.registry.FakeRegistryServer.Answer;
import io.meridian.schemas.registry.FakeRegistryServer.Recorded;
import io.meridian.schemas.registry.SchemaRegistry.CompatibilityResult;
import io.meridian.schemas.registry.SchemaRegistry.SchemaVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays request/response pairs recorded from the registries' documentation and sources
 * (src/test/resources/registry-contract, each with its "source") against the real client: the client
 * must send the documented method, path, content type and body, and read the documented answer.
 */
class RegistryContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    @TestFactory
    Stream<DynamicTest> shouldSendAndReadEveryDocumentedExchange() throws Exception {
        Path directory = Path.of(RegistryContractTest.class.getResource("/registry-contract").toURI());
        List<Path> fixtures;
        try (Stream<Path> files = Files.list(directory)) {
            fixtures = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(fixtures).as("recorded exchanges").hasSizeGreaterThanOrEqualTo(20);
        assertThat(fixtures.stream().map(file -> file.getFileName().toString()))
                .anyMatch(name -> name.startsWith("apicurio-"))
                .anyMatch(name -> name.startsWith("karapace-"));
        return fixtures.stream().map(file -> dynamicTest(file.getFileName().toString(), () -> replay(read(file))));
    }

    private static void replay(JsonNode fixture) throws IOException {
        assertThat(fixture.path("source").asText()).as("fixture cites its source").contains("https://");
        JsonNode response = fixture.path("response");
        Answer answer = new Answer(response.path("status").asInt(), response.path("contentType").asText(),
                response.path("body").toString());
        try (FakeRegistryServer server = FakeRegistryServer.start(request -> answer)) {
            String baseUrl = server.url() + fixture.path("basePath").asText("");
            HttpSchemaRegistryClient client = HttpSchemaRegistryClient.of(baseUrl);
            Object result = null;
            SchemaRegistryException failure = null;
            try {
                result = invoke(client, fixture.path("call"));
            } catch (SchemaRegistryException e) {
                failure = e;
            }
            assertSent(fixture.path("request"), server.requests());
            JsonNode expect = fixture.path("expect");
            if (expect.has("exception")) {
                assertFailure(expect, failure, response.path("status").asInt(), baseUrl);
            } else {
                assertThat(failure).as("call failed unexpectedly").isNull();
                assertResult(fixture.path("call").path("operation").asText(), expect, result);
            }
        }
    }

    private static Object invoke(SchemaRegistry client, JsonNode call) {
        String subject = call.path("subject").asText();
        return switch (call.path("operation").asText()) {
            case "register" -> client.register(subject, schema(call.path("schema")));
            case "schemaById" -> client.schemaById(call.path("id").asInt());
            case "latest" -> client.latest(subject);
            case "lookup" -> client.lookup(subject, schema(call.path("schema")));
            case "testCompatibility" -> client.testCompatibility(subject, schema(call.path("schema")));
            case "subjects" -> client.subjects();
            case "setCompatibility" -> {
                client.setCompatibility(subject, CompatibilityLevel.valueOf(call.path("level").asText()));
                yield null;
            }
            default -> throw new IllegalArgumentException("unknown operation in fixture: " + call);
        };
    }

    private static void assertSent(JsonNode expected, List<Recorded> requests) throws IOException {
        assertThat(requests).as("requests sent").hasSize(1);
        Recorded sent = requests.get(0);
        assertThat(sent.method()).isEqualTo(expected.path("method").asText());
        assertThat(sent.path()).isEqualTo(expected.path("path").asText());
        assertThat(sent.query()).isEqualTo(expected.has("query") ? expected.path("query").asText() : null);
        assertThat(sent.header("Accept")).startsWith(CONTENT_TYPE);
        if (!expected.has("body")) {
            assertThat(sent.body()).as("body of a " + sent.method()).isEmpty();
            return;
        }
        assertThat(sent.header("Content-Type")).isEqualTo(CONTENT_TYPE);
        JsonNode body = JSON.readTree(sent.body());
        JsonNode documented = expected.path("body");
        assertThat(fieldNames(body)).as("fields of the request body").isEqualTo(fieldNames(documented));
        for (String field : fieldNames(documented)) {
            if (field.equals("schema")) {
                // The documented bodies format the schema for reading; what counts is the same schema.
                assertThat(parse(body.path(field).asText())).isEqualTo(parse(documented.path(field).asText()));
            } else {
                assertThat(body.path(field)).isEqualTo(documented.path(field));
            }
        }
    }

    private static void assertFailure(JsonNode expect, SchemaRegistryException failure, int status, String url) {
        assertThat(failure).as("expected " + expect.path("exception").asText()).isNotNull();
        assertThat(failure.getClass().getSimpleName()).isEqualTo(expect.path("exception").asText());
        assertThat(failure.httpStatus()).isEqualTo(status);
        assertThat(failure.errorCode()).isEqualTo(expect.path("errorCode").asInt());
        expect.path("messageContains").forEach(part ->
                assertThat(failure.getMessage()).contains(part.asText().replace("{url}", url)));
    }

    private static void assertResult(String operation, JsonNode expect, Object result) {
        switch (operation) {
            case "register" -> assertThat(result).isEqualTo(expect.path("id").asInt());
            case "schemaById" -> assertThat(result).isEqualTo(schema(expect.path("schema")));
            case "latest", "lookup" -> {
                SchemaVersion version = (SchemaVersion) result;
                assertThat(version.subject()).isEqualTo(expect.path("subject").asText());
                assertThat(version.version()).isEqualTo(expect.path("version").asInt());
                assertThat(version.id()).isEqualTo(expect.path("id").asInt());
                assertThat(version.schema()).isEqualTo(schema(expect.path("schema")));
            }
            case "testCompatibility" -> {
                CompatibilityResult verdict = (CompatibilityResult) result;
                assertThat(verdict.compatible()).isEqualTo(expect.path("compatible").asBoolean());
                if (expect.has("messages")) {
                    assertThat(verdict.messages()).isEqualTo(texts(expect.path("messages")));
                }
                texts(expect.path("messagesContain")).forEach(part ->
                        assertThat(verdict.messages()).anyMatch(message -> message.contains(part)));
            }
            case "subjects" -> assertThat(result).isEqualTo(texts(expect.path("subjects")));
            case "setCompatibility" -> assertThat(result).isNull();
            default -> throw new IllegalArgumentException("unknown operation " + operation);
        }
    }

    private static Schema schema(JsonNode node) {
        return parse(node.isTextual() ? node.asText() : node.toString());
    }

    private static Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names.stream().sorted().toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }
}
