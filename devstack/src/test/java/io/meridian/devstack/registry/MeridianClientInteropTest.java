package io.meridian.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.schemas.registry.CompatibilityLevel;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.IncompatibleSchemaException;
import io.meridian.schemas.registry.NotFoundException;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.schemas.registry.SchemaRegistry.CompatibilityResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Meridian's own registry client (module schemas) against the embedded registry: the contract both keep. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@Tag("integration")
class MeridianClientInteropTest {
    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void start(@TempDir Path dataDir) throws Exception {
        kafka = EmbeddedKafka.builder().dataDir(dataDir).build().start();
        registry = EmbeddedSchemaRegistry.builder().bootstrapServers(kafka.bootstrapServers()).build().start();
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
    void shouldServeEveryOperationOfMeridiansClient() {
        Schema v1 = new Schema.Parser().parse(TestSchemas.V1);
        Schema v2 = new Schema.Parser().parse(TestSchemas.V2_WITH_DEFAULT);
        Schema breaking = new Schema.Parser().parse(TestSchemas.V2_WITHOUT_DEFAULT);
        try (SchemaRegistry client = HttpSchemaRegistryClient.of(registry.url())) {
            int id = client.register("interop value", v1);
            int evolvedId = client.register("interop value", v2);

            assertThat(client.schemaById(id)).isEqualTo(v1);
            assertThat(client.latest("interop value").version()).isEqualTo(2);
            assertThat(client.latest("interop value").id()).isEqualTo(evolvedId);
            assertThat(client.lookup("interop value", v1).version()).isEqualTo(1);
            assertThat(client.subjects()).contains("interop value");

            CompatibilityResult verdict = client.testCompatibility("interop value", breaking);
            assertThat(verdict.compatible()).isFalse();
            assertThat(verdict.messages()).anySatisfy(message -> assertThat(message).contains("owner"));
            assertThat(client.testCompatibility("never registered", breaking).compatible()).isTrue();
            assertThatThrownBy(() -> client.register("interop value", breaking))
                    .isInstanceOf(IncompatibleSchemaException.class).hasMessageContaining("owner");
            assertThatThrownBy(() -> client.latest("never registered")).isInstanceOf(NotFoundException.class);

            client.setCompatibility("interop value", CompatibilityLevel.NONE);
            assertThat(client.register("interop value", breaking)).isPositive();
        }
    }
}
