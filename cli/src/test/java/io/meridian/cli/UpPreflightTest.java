package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.cli.runtime.Preflight;
import io.meridian.config.ConfigException;
import io.meridian.config.ConfigLoader;
import io.meridian.config.HttpConfig;
import io.meridian.config.MeridianConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code up} refuses a secret that does not resolve before it starts anything, and says where it listens as it is. */
@Timeout(60)
class UpPreflightTest {
    /** A variable no test environment sets. */
    private static final String UNSET = "MERIDIAN_TEST_UNSET_OPERATOR_TOKEN";

    @TempDir
    Path dir;

    @Test
    void shouldRefuseAMissingTokenVariableBeforeStartingKafka() throws Exception {
        Path config = Files.writeString(dir.resolve("meridian.yaml"), """
                silos:
                  - {id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 1GiB}
                http:
                  tokens:
                    operator: ${env:%s}
                """.formatted(UNSET));
        Files.createDirectories(dir.resolve("nas"));
        Path home = dir.resolve("home");
        long started = System.nanoTime();

        MeridianUpTest.Result up = MeridianUpTest.run("up", "--config", config.toString(), "--home", home.toString(),
                "--kafka-port", "0", "--kafka-controller-port", "0", "--registry-port", "0");

        assertThat(up.exitCode()).as(up.err()).isEqualTo(2);
        assertThat(up.err().lines().toList()).containsExactly("meridian: meridian.yaml: http.tokens.operator refers to ${env:"
                + UNSET + "}, but " + UNSET + " is not set in the environment; set it (export " + UNSET
                + "=...) before starting, or change the reference");
        assertThat(up.out()).as("not even 'Starting Meridian'").isEmpty();
        assertThat(home).as("no broker, registry or state was created").doesNotExist();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void shouldCheckTokenFilesS3KeysAndClientPropertiesInThePreflight() {
        MeridianConfig tokenFile = config("http:\n  tokens: { readOnly: 'file:" + dir.resolve("no-token") + "' }\n");
        MeridianConfig s3 = config("silos:\n  - {id: lake, kind: s3, endpoint: 'https://s3.example.com', bucket: lake,"
                + " mount: /lake, site: c, tier: archive, capacity: 1TiB, credentials: env:LAKE}\n");
        MeridianConfig kafka = config("kafka:\n  bootstrap: k:9092\n  properties: { sasl.jaas.config: '${env:JAAS}' }\n");

        assertThatThrownBy(() -> Preflight.validate(tokenFile, Map.<String, String>of()::get))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("meridian.yaml: http.tokens.readOnly refers to ${file:" + dir.resolve("no-token")
                        + "}, which cannot be read (NoSuchFileException)");
        assertThatThrownBy(() -> Preflight.validate(s3, Map.<String, String>of()::get))
                .hasMessage("meridian.yaml: silos[0].credentials: silo lake reads its keys from the environment: set LAKE_ACCESS_KEY");
        assertThatThrownBy(() -> Preflight.validate(kafka, Map.<String, String>of()::get))
                .hasMessageStartingWith("meridian.yaml: kafka.properties.sasl.jaas.config: refers to ${env:JAAS}");
        Preflight.validate(s3, Map.of("LAKE_ACCESS_KEY", "a", "LAKE_SECRET_KEY", "s")::get);
    }

    @Test
    void shouldRefuseAPosixRootThatIsNotADirectoryBeforeStarting() throws Exception {
        MeridianConfig config = config("silos:\n  - {id: nas, kind: posix, root: ./nas, mount: /d, site: s, tier: capacity, capacity: 1GiB}\n");

        assertThatThrownBy(() -> Preflight.validate(config, Map.<String, String>of()::get))
                .isInstanceOf(ConfigException.class)
                .hasMessage("meridian.yaml: silos[0].root: '" + dir.resolve("nas") + "' is not a directory; create it (mkdir -p)"
                        + " or fix the root of silo nas");
        Files.createDirectories(dir.resolve("nas"));
        Preflight.validate(config, Map.<String, String>of()::get);
    }

    @Test
    void shouldShowTheWildcardBindAsItIsAndTheLoopbackUrlClientsUse() {
        HttpConfig all = new HttpConfig("0.0.0.0", 18080, null, "${env:TOKEN}");

        assertThat(UpCommand.httpEndpoint(all, "http://127.0.0.1:18080"))
                .isEqualTo("http://0.0.0.0:18080 (all interfaces; tokens required; local clients use http://127.0.0.1:18080)");
        assertThat(UpCommand.httpEndpoint(new HttpConfig("::", 0, "env:T", null), "http://127.0.0.1:40123"))
                .startsWith("http://[::]:40123 (all interfaces; tokens required;");
    }

    @Test
    void shouldShowALoopbackOrSpecificBindWithoutRewriting() {
        assertThat(UpCommand.httpEndpoint(HttpConfig.defaults(), "http://127.0.0.1:18080"))
                .isEqualTo("http://127.0.0.1:18080 (this machine only; query: ./meridian query \"SELECT silo, used, free FROM silos\")");
        assertThat(UpCommand.httpEndpoint(new HttpConfig("192.0.2.7", 18080, null, "env:T"), "http://192.0.2.7:18080"))
                .isEqualTo("http://192.0.2.7:18080 (reachable from other machines; tokens required)");
    }

    private MeridianConfig config(String yaml) {
        return ConfigLoader.parse("meridian.yaml", yaml, dir);
    }
}
