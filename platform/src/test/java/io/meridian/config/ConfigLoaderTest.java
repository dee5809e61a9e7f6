package io.meridian.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final Path BASE = Path.of("/srv/meridian");

    private static final String DESIGN_EXAMPLE = """
            kafka:
              bootstrap: embedded
            schemaRegistry:
              url: embedded
            silos:
              - id: nas
                kind: posix
                root: ./data/nas
                mount: /datasets
                site: onprem
                tier: capacity
                capacity: 500GiB
                cost: { storagePerGiBMonth: 0.01, egressPerGiB: 0 }
              - id: gpu-nvme
                kind: posix
                root: ./data/nvme
                mount: /datasets
                site: gpu-east
                tier: nvme
                capacity: 50GiB
                watermarks: { high: 0.85, low: 0.70 }
              - id: archive
                kind: s3
                endpoint: embedded
                bucket: archive
                mount: /datasets
                site: cloud-a
                tier: archive
                capacity: 10TiB
                credentials: env:ARCHIVE
            classification:
              - tags: { format: parquet }
                when: "path.endsWith('.parquet')"
            policies:
              - name: training-on-nvme
                when: "tags.stage == 'training'"
                place: { site: gpu-east, tier: nvme }
                copies: 1
                priority: 10
              - name: cold-to-archive
                when: "ageDays(mtime) > 90"
                place: { tier: archive }
                exclusive: true
                pin: 7d
            """;

    @Test
    void shouldLoadTheDesignExample() {
        MeridianConfig config = ConfigLoader.parse("meridian.yaml", DESIGN_EXAMPLE, BASE);

        assertThat(config.kafka().embedded()).isTrue();
        assertThat(config.schemaRegistry().embedded()).isTrue();
        assertThat(config.silos()).extracting(SiloConfig::id).containsExactly("nas", "gpu-nvme", "archive");
        SiloConfig nas = config.silo("nas").orElseThrow();
        assertThat(nas.root()).isEqualTo("/srv/meridian/data/nas");
        assertThat(nas.capacityBytes()).isEqualTo(500L << 30);
        assertThat(nas.storageCostPerGiBMonth()).isEqualTo(0.01);
        SiloConfig archive = config.silo("archive").orElseThrow();
        assertThat(archive.kind()).isEqualTo(SiloKind.S3);
        assertThat(archive.capacityBytes()).isEqualTo(10L << 40);
        assertThat(archive.credentials()).isEqualTo("env:ARCHIVE");
        assertThat(config.classification()).singleElement()
                .satisfies(r -> assertThat(r.tags()).containsEntry("format", "parquet"));
        PolicyConfig cold = config.policies().get(1);
        assertThat(cold.tier()).isEqualTo(Tier.ARCHIVE);
        assertThat(cold.exclusive()).isTrue();
        assertThat(cold.copies()).isEqualTo(1);
        assertThat(cold.pin()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void shouldPublishSiloWithoutAnySecret() {
        MeridianConfig config = ConfigLoader.parse("meridian.yaml", DESIGN_EXAMPLE, BASE);
        Silo silo = config.silo("archive").orElseThrow().toAvro();
        assertThat(silo.getCredentialsRef()).isEqualTo("env:ARCHIVE");
        assertThat(silo.getTier()).isEqualTo(Tier.ARCHIVE);
        assertThat(config.policies().get(0).toAvro(Instant.EPOCH).getPlace().getSite()).isEqualTo("gpu-east");
    }

    @Test
    void shouldLoadTheBuiltInDemo() {
        MeridianConfig demo = ConfigLoader.parse("demo", DemoConfig.text(), BASE);
        assertThat(demo.silos()).hasSize(3);
        assertThat(demo.policies()).extracting(PolicyConfig::name).containsExactly("training-on-nvme", "cold-to-archive");
    }

    @Test
    void shouldNeverMoveOrDeleteFilesOutOfTheDemoNas() {
        // README "First steps": whatever a newcomer puts in demo/nas/ stays there; the demo only adds copies
        MeridianConfig demo = ConfigLoader.parse("demo", DemoConfig.text(), BASE);
        assertThat(demo.policies()).isNotEmpty().noneMatch(PolicyConfig::exclusive);
    }

    @Test
    void shouldRefuseDecimalSizeNamingFieldAndLine() {
        String text = DESIGN_EXAMPLE.replace("capacity: 50GiB", "capacity: 50GB");
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", text, BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessage("meridian.yaml:20: silos[1].capacity: '50GB' uses a decimal unit; write binary units, "
                        + "e.g. 50GiB (B, KiB, MiB, GiB, TiB, PiB)");
    }

    @Test
    void shouldRefuseUnknownSiloKind() {
        String text = DESIGN_EXAMPLE.replace("kind: s3", "kind: ftp");
        assertError(text, 23, "silos[2].kind", "'ftp' is not one of posix, s3");
    }

    @Test
    void shouldRefuseMissingRoot() {
        String text = DESIGN_EXAMPLE.replace("    root: ./data/nvme\n", "");
        assertError(text, 14, "silos[1].root", "is required");
    }

    @Test
    void shouldRefuseDuplicateSiloId() {
        String text = DESIGN_EXAMPLE.replace("id: gpu-nvme", "id: nas");
        assertError(text, 14, "silos[1].id", "duplicate silo id 'nas' (already used by silos[0])");
    }

    @Test
    void shouldRefuseRelativeMount() {
        String text = DESIGN_EXAMPLE.replace("mount: /datasets\n    site: onprem", "mount: datasets\n    site: onprem");
        assertError(text, 9, "silos[0].mount", "must be an absolute namespace path such as /datasets: must be absolute (start with '/')");
    }

    @Test
    void shouldRefuseMountThatEscapes() {
        String text = DESIGN_EXAMPLE.replace("mount: /datasets\n    site: onprem", "mount: /datasets/../etc\n    site: onprem");
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", text, BASE))
                .hasMessageContaining("silos[0].mount").hasMessageContaining("'..'");
    }

    @Test
    void shouldSuggestTheFieldMeantForATypo() {
        String text = DESIGN_EXAMPLE.replace("    tier: nvme", "    teir: nvme");
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", text, BASE))
                .hasMessageStartingWith("meridian.yaml:19: silos[1].teir: unknown field; did you mean 'tier'?");
    }

    @Test
    void shouldRefuseInlineCredentials() {
        String text = DESIGN_EXAMPLE.replace("credentials: env:ARCHIVE", "credentials: AKIAEXAMPLE:secret");
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", text, BASE))
                .hasMessageContaining("silos[2].credentials: must be a reference")
                .hasMessageNotContaining("secret:");
    }

    @Test
    void shouldRefuseWatermarksInWrongOrder() {
        String text = DESIGN_EXAMPLE.replace("{ high: 0.85, low: 0.70 }", "{ high: 0.6, low: 0.7 }");
        assertError(text, 21, "silos[1].watermarks.low", "must be above 0 and below high (0.6), e.g. 0.70");
    }

    @Test
    void shouldRefusePolicyOnUnknownSilo() {
        String text = DESIGN_EXAMPLE.replace("place: { tier: archive }", "place: { silos: [nas, tape] }");
        assertError(text, 42, "policies[1].place.silos[1]", "unknown silo 'tape' (known silos: archive, gpu-nvme, nas)");
    }

    @Test
    void shouldRefuseInvalidTagKeyInRule() {
        String text = DESIGN_EXAMPLE.replace("tags: { format: parquet }", "tags: { 'Bad Key': parquet }");
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", text, BASE))
                .hasMessageContaining("classification[0].tags.Bad Key: tag key 'Bad Key' is invalid");
    }

    @Test
    void shouldReportYamlSyntaxErrorWithLine() {
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", "silos:\n  - id: [unclosed\n", BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("meridian.yaml:")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void shouldRefuseBadBootstrap() {
        String text = DESIGN_EXAMPLE.replace("bootstrap: embedded", "bootstrap: kafka-without-port");
        assertError(text, 2, "kafka.bootstrap", "expected 'embedded' or host:port[,host:port...], got 'kafka-without-port'");
    }

    @Test
    void shouldRefuseInlineClientSecrets() {
        String text = DESIGN_EXAMPLE.replace("bootstrap: embedded", "bootstrap: embedded\n  properties:\n    sasl.jaas.config: \"PlainLoginModule password=hunter2\"");
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", text, BASE))
                .hasMessage("meridian.yaml:4: kafka.properties.sasl.jaas.config: holds a secret and must not be inline; write ${env:NAME} or ${file:PATH}");
        String referenced = DESIGN_EXAMPLE.replace("bootstrap: embedded", "bootstrap: embedded\n  properties:\n    sasl.jaas.config: ${file:/etc/jaas.conf}");
        assertThat(ConfigLoader.parse("meridian.yaml", referenced, BASE).kafka().properties())
                .containsEntry("sasl.jaas.config", "${file:/etc/jaas.conf}");
    }

    @Test
    void shouldUseEmbeddedDefaultsForAConfigWithoutSilos() {
        MeridianConfig config = ConfigLoader.parse("meridian.yaml", "silos: []\n", BASE);
        assertThat(config.kafka().embedded()).isTrue();
        assertThat(config.kafka().partitions()).isEqualTo(KafkaConfig.DEFAULT_PARTITIONS);
        assertThat(config.silos()).isEmpty();
    }

    private static void assertError(String text, int line, String field, String problem) {
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", text, BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessage("meridian.yaml:" + line + ": " + field + ": " + problem)
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.line()).isEqualTo(line);
                    assertThat(ce.field()).isEqualTo(field);
                });
    }
}
