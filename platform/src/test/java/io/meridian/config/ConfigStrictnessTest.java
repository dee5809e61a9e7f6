package io.meridian.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What YAML would let through silently and the loader refuses, naming the field and line. */
class ConfigStrictnessTest {
    private static final Path BASE = Path.of("/srv/meridian");
    private static final String NAS = """
            silos:
              - id: nas
                kind: posix
                root: ./nas
                mount: /datasets
                site: onprem
                tier: capacity
                capacity: 500GiB
            """;

    @Test
    void shouldRefuseADuplicateKeyNamingItAndBothLines() {
        String text = NAS + "    site: gpu-east\n";

        assertError(text, 9, "silos[0].site", "duplicate key; it is already set on line 6 (YAML would silently keep only one of them)");
    }

    @Test
    void shouldRefuseADuplicateTopLevelSection() {
        String text = NAS + "silos: []\n";

        assertError(text, 9, "silos", "duplicate key; it is already set on line 1 (YAML would silently keep only one of them)");
    }

    @Test
    void shouldRefuseADuplicateKeyInAPolicyDocumentToo() {
        String text = "- name: a\n  when: 'true'\n  place: {tier: nvme}\n  when: 'false'\n";

        assertThatThrownBy(() -> PolicyParser.parseDocument("p.yaml", text, ConditionCheck.NONE, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("p.yaml:4: policies[0].when: duplicate key; it is already set on line 2");
    }

    @Test
    void shouldRefuseAnEmptyFileAndOneWithOnlyComments(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("meridian.yaml"), "");
        Path comments = Files.writeString(dir.resolve("comments.yaml"), "# silos: later\n\n---\n");

        assertThatThrownBy(() -> ConfigLoader.load(empty)).isInstanceOf(ConfigException.class)
                .hasMessage("meridian.yaml: config file meridian.yaml is empty; write at least a silos: list"
                        + " (README, 'Configuration reference'), or run without --config for the built-in demo");
        assertThatThrownBy(() -> ConfigLoader.load(comments)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config file comments.yaml is empty");
    }

    @Test
    void shouldStillAcceptAnExplicitlyEmptySiloList() {
        assertThat(ConfigLoader.parse("meridian.yaml", "silos: []\n", BASE).silos()).isEmpty();
    }

    @Test
    void shouldRefuseASecondYamlDocument() {
        assertError(NAS + "---\nsilos: []\n", 10, "", "a second YAML document (after '---') starts here; write one document");
    }

    @Test
    void shouldRefuseAListOrATextAsTheWholeFile() {
        assertError("- a\n- b\n", 1, "", "expected a mapping of 'key: value' lines");
        assertError("just text\n", 1, "", "expected a mapping of 'key: value' lines");
    }

    @Test
    void shouldRefuseUnknownTopLevelKeys() {
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", NAS + "polices: []\n", BASE))
                .hasMessageStartingWith("meridian.yaml:9: polices: unknown field; did you mean 'policies'?");
    }

    @Test
    void shouldRefuseWrongTypes() {
        assertError("silos: { id: nas }\n", 1, "silos", "expected a list (lines starting with '- ')");
        assertError("kafka: { partitions: six }\n", 1, "kafka.partitions", "expected a whole number, got 'six'");
        assertError(NAS.replace("tier: capacity", "tier: [capacity]"), 7, "silos[0].tier", "expected a text value");
        assertError(NAS + "    watermarks: { high: '0.9' }\n", 9, "silos[0].watermarks.high", "expected a number, got '0.9'");
    }

    @Test
    void shouldRefuseNegativeOrZeroCapacity() {
        assertError(NAS.replace("capacity: 500GiB", "capacity: -1"), 8, "silos[0].capacity", "must be more than 0 bytes");
        assertError(NAS.replace("capacity: 500GiB", "capacity: 0"), 8, "silos[0].capacity", "must be more than 0 bytes");
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", NAS.replace("capacity: 500GiB", "capacity: -5GiB"), BASE))
                .hasMessageStartingWith("meridian.yaml:8: silos[0].capacity: '-5GiB' is not a size");
    }

    @Test
    void shouldRefuseWatermarksOutsideZeroToOneOrLowAboveHigh() {
        String watermarks = NAS + "    watermarks: { high: HIGH, low: LOW }\n";
        assertError(watermarks.replace("HIGH", "1.5").replace("LOW", "0.7"), 9, "silos[0].watermarks.high",
                "must be a fraction of capacity in (0, 1], e.g. 0.85");
        assertError(watermarks.replace("HIGH", "0.9").replace("LOW", "-0.1"), 9, "silos[0].watermarks.low",
                "must be above 0 and below high (0.9), e.g. 0.70");
        assertError(watermarks.replace("HIGH", "0.5").replace("LOW", "0.6"), 9, "silos[0].watermarks.low",
                "must be above 0 and below high (0.5), e.g. 0.70");
    }

    @Test
    void shouldRefuseAnS3SiloOnAnotherEndpointWithoutCredentials() {
        String text = "silos:\n  - {id: lake, kind: s3, endpoint: 'https://s3.example.com', bucket: lake, mount: /lake,"
                + " site: cloud, tier: archive, capacity: 1TiB}\n";

        assertError(text, 2, "silos[0].credentials", "is required for an S3 silo on https://s3.example.com:"
                + " env:NAME (reads NAME_ACCESS_KEY and NAME_SECRET_KEY) or file:PATH");
    }

    @Test
    void shouldRefuseCredentialsOnAPosixSilo() {
        assertError(NAS + "    credentials: env:NAS\n", 9, "silos[0].credentials", "does not apply to this silo kind");
    }

    @Test
    void shouldRefuseZeroOrOverlongPinsAndIntervals() {
        String policy = NAS + "policies:\n  - { name: p, when: 'true', place: { silo: nas }, pin: PIN }\n";
        assertError(policy.replace("PIN", "0d"), 10, "policies[0].pin", "must be more than 0 and at most 3650d, e.g. 7d");
        assertError(policy.replace("PIN", "99999999999999999d"), 10, "policies[0].pin", "'99999999999999999d' is too long a duration");
        assertError(policy.replace("PIN", "99999999999999999999d"), 10, "policies[0].pin", "'99999999999999999999d' is too long a duration");
        assertError(NAS + "    reconcileInterval: 400d\n", 9, "silos[0].reconcileInterval", "must be at most 365d, e.g. 10m");
    }

    @Test
    void shouldRefuseARootThatIsNoPath() {
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", NAS.replace("root: ./nas", "root: \"./n\\0as\""), BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("meridian.yaml:4: silos[0].root: ");
    }

    private static void assertError(String text, int line, String field, String problem) {
        String where = field.isEmpty() ? "" : field + ": ";
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", text, BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessage("meridian.yaml:" + line + ": " + where + problem);
    }
}
