package io.meridian.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every secret reference of a config resolves before anything starts, or the error names the field and what to set. */
class SecretRefsTest {
    private static final Path BASE = Path.of("/srv/meridian");

    @TempDir
    Path dir;

    @Test
    void shouldNameTheKafkaPropertyAndTheVariableToSet() {
        MeridianConfig config = config("kafka:\n  bootstrap: k:9092\n  properties:\n    sasl.jaas.config: ${env:KAFKA_JAAS}\n");

        assertThatThrownBy(() -> new SecretRefs(Map.<String, String>of()::get).check(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("meridian.yaml: kafka.properties.sasl.jaas.config: refers to ${env:KAFKA_JAAS}, but KAFKA_JAAS is"
                        + " not set in the environment; set it (export KAFKA_JAAS=...) before starting, or change the reference");
        new SecretRefs(Map.of("KAFKA_JAAS", "x")::get).check(config);
    }

    @Test
    void shouldNameTheRegistryPropertyWhoseFileCannotBeRead() {
        MeridianConfig config = config("schemaRegistry:\n  url: http://r:8081\n  properties:\n"
                + "    basic.auth.user.info: ${file:" + dir.resolve("missing") + "}\n");

        assertThatThrownBy(() -> new SecretRefs(Map.<String, String>of()::get).check(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("meridian.yaml: schemaRegistry.properties.basic.auth.user.info: refers to ${file:"
                        + dir.resolve("missing") + "}, which cannot be read (NoSuchFileException)");
    }

    @Test
    void shouldNameTheS3SiloAndTheKeyVariableItNeeds() {
        MeridianConfig config = config(s3("env:LAKE"));

        assertThatThrownBy(() -> new SecretRefs(Map.of("LAKE_ACCESS_KEY", "a")::get).check(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("meridian.yaml: silos[0].credentials: silo lake reads its keys from the environment: set LAKE_SECRET_KEY");
        new SecretRefs(Map.of("LAKE_ACCESS_KEY", "a", "LAKE_SECRET_KEY", "s")::get).check(config);
    }

    @Test
    void shouldNameTheS3SiloWhoseCredentialsFileIsMissingOrIncomplete() throws Exception {
        Path keys = dir.resolve("lake.properties");
        MeridianConfig config = config(s3("file:" + keys));

        assertThatThrownBy(() -> new SecretRefs(Map.<String, String>of()::get).check(config))
                .hasMessageStartingWith("meridian.yaml: silos[0].credentials: lake: cannot read credentials file " + keys);
        Files.writeString(keys, "accessKey=a\n");
        assertThatThrownBy(() -> new SecretRefs(Map.<String, String>of()::get).check(config))
                .hasMessage("meridian.yaml: silos[0].credentials: lake: credentials file " + keys + " needs accessKey= and secretKey= lines");
    }

    @Test
    void shouldNotAskForKeysOfTheEmbeddedEndpoint() {
        MeridianConfig config = config(s3("env:LAKE").replace("'https://s3.example.com'", "embedded"));

        new SecretRefs(Map.<String, String>of()::get).check(config);
        assertThat(config.silos()).hasSize(1);
    }

    @Test
    void shouldKeepNamingThePropertyWhenResolvingForAClient() {
        assertThatThrownBy(() -> new SecretRefs(Map.<String, String>of()::get).resolve(Map.of("sasl.jaas.config", "${env:X}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sasl.jaas.config refers to ${env:X}, but X is not set in the environment");
    }

    private static String s3(String credentials) {
        return "silos:\n  - {id: lake, kind: s3, endpoint: 'https://s3.example.com', bucket: lake, mount: /lake,"
                + " site: cloud, tier: archive, capacity: 1TiB, credentials: '" + credentials + "'}\n";
    }

    private static MeridianConfig config(String yaml) {
        return ConfigLoader.parse("meridian.yaml", yaml, BASE);
    }
}
