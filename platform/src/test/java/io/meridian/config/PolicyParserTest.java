package io.meridian.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import io.meridian.schemas.Tier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One parser for the policy shape: meridian.yaml's list and stand-alone policy documents. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PolicyParserTest {
    private static final ConditionCheck NO_SIZE = when -> when.contains("size") ? "size is not allowed here" : null;

    @Test
    void shouldReadAPoliciesListABareListAndOnePolicy() {
        String one = "name: a\nwhen: \"true\"\nplace: { tier: nvme }\n";
        assertThat(names("policies:\n  - " + one.replace("\n", "\n    ").strip() + "\n")).containsExactly("a");
        assertThat(names("- {name: a, when: 'true', place: {tier: nvme}}\n- {name: b, when: 'true', place: {site: x}}\n"))
                .containsExactly("a", "b");
        assertThat(names(one)).containsExactly("a");
    }

    @Test
    void shouldNameTheFieldAndLineOfAConditionTheCheckRefuses() {
        String text = "- {name: a, when: 'true', place: {tier: nvme}}\n- name: b\n  when: \"size > 1\"\n  place: {tier: nvme}\n";

        assertThatThrownBy(() -> PolicyParser.parseDocument("p.yaml", text, NO_SIZE, null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("p.yaml:3: policies[1].when: size is not allowed here");
    }

    @Test
    void shouldRefuseAnEmptyDocumentAndDuplicateNames() {
        assertThatThrownBy(() -> PolicyParser.parseDocument("p.yaml", "", ConditionCheck.NONE, null))
                .hasMessageContaining("no policy found");
        assertThatThrownBy(() -> PolicyParser.parseDocument("p.yaml",
                "- {name: a, when: 'true', place: {tier: nvme}}\n- {name: a, when: 'true', place: {tier: nvme}}\n", ConditionCheck.NONE, null))
                .hasMessageContaining("policies[1].name: duplicate policy name 'a'");
    }

    @Test
    void shouldApplyTheConditionCheckWhenLoadingMeridianYaml() {
        String yaml = "silos:\n  - {id: nas, kind: posix, root: ./nas, mount: /d, site: s, tier: capacity, capacity: 1GiB}\n"
                + "policies:\n  - name: a\n    when: \"size > 1\"\n    place: { silo: nas }\n";

        assertThat(ConfigLoader.parse("meridian.yaml", yaml, Path.of(".")).policies()).hasSize(1);
        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", yaml, Path.of("."), NO_SIZE))
                .hasMessage("meridian.yaml:5: policies[0].when: size is not allowed here");
    }

    @Test
    void shouldRefuseAPlaceThatNamesAnUnknownSiloWithTheLoadersMessage() {
        String yaml = "silos:\n  - {id: nas, kind: posix, root: ./nas, mount: /d, site: onprem, tier: capacity, capacity: 1GiB}\n"
                + "policies:\n  - name: a\n    when: \"true\"\n    place: { silos: [nope] }\n";
        String document = "- name: a\n  when: \"true\"\n  place: { silos: [nope] }\n";

        assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", yaml, Path.of(".")))
                .hasMessage("meridian.yaml:6: policies[0].place.silos[0]: unknown silo 'nope' (known silos: nas)");
        assertThatThrownBy(() -> PolicyParser.parseDocument("p.yaml", document, ConditionCheck.NONE, KNOWN.subList(0, 1)))
                .hasMessage("p.yaml:3: policies[0].place.silos[0]: unknown silo 'nope' (known silos: nas)");
    }

    @Test
    void shouldRefuseASiteOrTierNoKnownSiloHas() {
        assertThatThrownBy(() -> known("- {name: a, when: 'true', place: {site: gpu-west}}"))
                .hasMessage("p.yaml:1: policies[0].place.site: no known silo is at site 'gpu-west' (sites: gpu-east, onprem)");
        assertThatThrownBy(() -> known("- {name: a, when: 'true', place: {tier: archive}}"))
                .hasMessage("p.yaml:1: policies[0].place.tier: no known silo has tier 'archive' (tiers: capacity, nvme)");
    }

    @Test
    void shouldRefuseASelectorWhoseFieldsTogetherSelectNoSilo() {
        assertThatThrownBy(() -> known("- {name: a, when: 'true', place: {site: onprem, tier: nvme}}"))
                .hasMessage("p.yaml:1: policies[0].place: selects no known silo: none matches all of its fields"
                        + " (known silos: gpu-nvme at gpu-east, nvme {rack=r1}, nas at onprem, capacity)");
        assertThatThrownBy(() -> known("- {name: a, when: 'true', place: {labels: {rack: r2}}}"))
                .hasMessageContaining("policies[0].place: selects no known silo");
        assertThat(known("- {name: a, when: 'true', place: {site: gpu-east, labels: {rack: r1}}}")).hasSize(1);
    }

    @Test
    void shouldRefuseEveryPlaceWhenNoSiloIsKnown() {
        assertThatThrownBy(() -> PolicyParser.parseDocument("p.yaml", "- {name: a, when: 'true', place: {silo: nas}}",
                ConditionCheck.NONE, List.of()))
                .hasMessage("p.yaml:1: policies[0].place.silo: unknown silo 'nas' (known silos: none)");
    }

    private static final List<SiloFacts> KNOWN = List.of(
            new SiloFacts("nas", "onprem", Tier.CAPACITY, Map.of()),
            new SiloFacts("gpu-nvme", "gpu-east", Tier.NVME, Map.of("rack", "r1")));

    private static List<PolicyConfig> known(String text) {
        return PolicyParser.parseDocument("p.yaml", text, ConditionCheck.NONE, KNOWN);
    }

    private static List<String> names(String text) {
        return PolicyParser.parseDocument("p.yaml", text, ConditionCheck.NONE, null).stream().map(PolicyConfig::name).toList();
    }
}
