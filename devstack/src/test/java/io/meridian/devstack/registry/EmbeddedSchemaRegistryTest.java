package io.meridian.devstack.registry;

import static io.meridian.devstack.registry.TestSchemas.V1;
import static io.meridian.devstack.registry.TestSchemas.V1_REFORMATTED;
import static io.meridian.devstack.registry.TestSchemas.V2_WITHOUT_DEFAULT;
import static io.meridian.devstack.registry.TestSchemas.V2_WITH_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.RegistryHttpClient.Answer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The registry's REST API over real HTTP, against a real broker. Each test uses its own subjects. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@Tag("integration")
class EmbeddedSchemaRegistryTest {
    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;
    private static RegistryHttpClient client;

    @BeforeAll
    static void startBrokerAndRegistry(@TempDir Path dataDir) throws Exception {
        kafka = EmbeddedKafka.builder().dataDir(dataDir).build().start();
        registry = EmbeddedSchemaRegistry.builder().bootstrapServers(kafka.bootstrapServers()).build().start();
        client = new RegistryHttpClient(registry.url());
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldAnswerTheSameIdForTheSameSchemaInTheSameAndInAnotherSubject() {
        int id = client.register("same-value", V1);

        assertThat(client.register("same-value", V1_REFORMATTED)).isEqualTo(id);
        assertThat(client.register("same-other-value", V1)).isEqualTo(id);
        assertThat(client.get("/subjects/same-value/versions").body()).hasSize(1);
    }

    @Test
    void shouldServeARegisteredSchemaByIdWithTheRegistryContentType() {
        int id = client.register("by-id-value", V1);

        Answer answer = client.get("/schemas/ids/" + id);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(new Schema.Parser().parse(answer.body().get("schema").asText()))
                .isEqualTo(new Schema.Parser().parse(V1));
        assertThat(client.get("/schemas/ids/" + id + "/versions").body().toString())
                .contains("{\"subject\":\"by-id-value\",\"version\":1}");
    }

    @Test
    void shouldRegisterACompatibleEvolutionAsVersionTwoAndServeItAsLatest() {
        int first = client.register("evolve-value", V1);
        int second = client.register("evolve-value", V2_WITH_DEFAULT);

        Answer latest = client.get("/subjects/evolve-value/versions/latest");

        assertThat(second).isNotEqualTo(first);
        assertThat(latest.body().get("subject").asText()).isEqualTo("evolve-value");
        assertThat(latest.body().get("version").asInt()).isEqualTo(2);
        assertThat(latest.body().get("id").asInt()).isEqualTo(second);
        assertThat(client.get("/subjects/evolve-value/versions").body().toString()).isEqualTo("[1,2]");
        assertThat(client.get("/subjects/evolve-value/versions/1").body().get("id").asInt()).isEqualTo(first);
        assertThat(client.get("/subjects").body().toString()).contains("\"evolve-value\"");
    }

    @Test
    void shouldRefuseAnIncompatibleSchemaWith409NamingTheField() {
        client.register("refuse-value", V1);

        Answer answer = client.post("/subjects/refuse-value/versions", Map.of("schema", V2_WITHOUT_DEFAULT));

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.errorCode()).isEqualTo(409);
        assertThat(answer.message()).contains("incompatible").contains("owner");
        assertThat(client.get("/subjects/refuse-value/versions").body().toString()).isEqualTo("[1]");
    }

    @Test
    void shouldExplainCompatibilityOnRequestWithoutRegistering() {
        client.register("check-value", V1);

        Answer bad = client.post("/compatibility/subjects/check-value/versions/latest?verbose=true",
                Map.of("schema", V2_WITHOUT_DEFAULT));
        Answer good = client.post("/compatibility/subjects/check-value/versions/1", Map.of("schema", V2_WITH_DEFAULT));

        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.body().get("is_compatible").asBoolean()).isFalse();
        assertThat(bad.body().get("messages").toString()).contains("owner");
        assertThat(good.body().get("is_compatible").asBoolean()).isTrue();
        assertThat(client.get("/subjects/check-value/versions").body().toString()).isEqualTo("[1]");
    }

    @Test
    void shouldLookUpASchemaUnderASubjectAndSay40403WhenItIsNotThere() {
        int id = client.register("lookup-value", V1);

        Answer found = client.post("/subjects/lookup-value", Map.of("schema", V1_REFORMATTED));
        Answer missing = client.post("/subjects/lookup-value", Map.of("schema", V2_WITH_DEFAULT));

        assertThat(found.body().get("id").asInt()).isEqualTo(id);
        assertThat(found.body().get("version").asInt()).isEqualTo(1);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo(40403);
    }

    @Test
    void shouldAnswerNotFoundInConfluentShape() {
        client.register("found-value", V1);

        Answer subject = client.get("/subjects/no-such-subject/versions/latest");
        Answer version = client.get("/subjects/found-value/versions/7");
        Answer schema = client.get("/schemas/ids/987654");

        assertThat(subject.status()).isEqualTo(404);
        assertThat(subject.body().toString())
                .isEqualTo("{\"error_code\":40401,\"message\":\"Subject 'no-such-subject' not found.\"}");
        assertThat(version.status()).isEqualTo(404);
        assertThat(version.errorCode()).isEqualTo(40402);
        assertThat(schema.status()).isEqualTo(404);
        assertThat(schema.errorCode()).isEqualTo(40403);
    }

    @Test
    void shouldAnswer422ForAnInvalidSchemaVersionOrLevel() {
        client.register("invalid-value", V1);

        Answer schema = client.post("/subjects/invalid-value/versions", Map.of("schema", "{\"type\":\"recrd\"}"));
        Answer version = client.get("/subjects/invalid-value/versions/first");
        Answer level = client.put("/config/invalid-value", Map.of("compatibility", "SIDEWAYS"));

        assertThat(schema.status()).isEqualTo(422);
        assertThat(schema.errorCode()).isEqualTo(42201);
        assertThat(version.status()).isEqualTo(422);
        assertThat(version.errorCode()).isEqualTo(42202);
        assertThat(level.status()).isEqualTo(422);
        assertThat(level.errorCode()).isEqualTo(42203);
    }

    @Test
    void shouldApplyASubjectLevelSetThroughConfig() {
        client.register("level-value", V1);

        Answer put = client.put("/config/level-value", Map.of("compatibility", "NONE"));

        assertThat(put.body().toString()).isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(client.get("/config/level-value").body().toString()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(client.get("/config").body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertThat(client.get("/config/unconfigured-value").errorCode()).isEqualTo(40408);
        assertThat(client.register("level-value", V2_WITHOUT_DEFAULT)).isPositive();
    }

    @Test
    void shouldHideASoftDeletedSubjectAndNumberItsNextVersionAfterTheOldOnes() {
        int id = client.register("deleted-value", V1);

        Answer deleted = client.delete("/subjects/deleted-value");

        assertThat(deleted.body().toString()).isEqualTo("[1]");
        assertThat(client.get("/subjects/deleted-value/versions").errorCode()).isEqualTo(40401);
        assertThat(client.get("/subjects").body().toString()).doesNotContain("\"deleted-value\"");
        assertThat(client.register("deleted-value", V1)).isEqualTo(id);
        assertThat(client.get("/subjects/deleted-value/versions").body().toString()).isEqualTo("[2]");
    }

    @Test
    void shouldAnswer404And405InConfluentShapeForUnknownRoutes() {
        assertThat(client.get("/no/such/path").errorCode()).isEqualTo(404);
        assertThat(client.delete("/config").status()).isEqualTo(405);
    }
}
