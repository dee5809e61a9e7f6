package io.meridian.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
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

        assertThatThrownBy(() -> PolicyParser.parseDocument("p.yaml", text, NO_SIZE))
                .isInstanceOf(ConfigException.class)
                .hasMessage("p.yaml:3: policies[1].when: size is not allowed here");
    }

    @Test
    void shouldRefuseAnEmptyDocumentAndDuplicateNames() {
        assertThatThrownBy(() -> PolicyParser.parseDocument("p.yaml", "", ConditionCheck.NONE))
                .hasMessageContaining("no policy found");
        assertThatThrownBy(() -> PolicyParser.parseDocument("p.yaml",
                "- {name: a, when: 'true', place: {tier: nvme}}\n- {name: a, when: 'true', place: {tier: nvme}}\n", ConditionCheck.NONE))
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

    private static List<String> names(String text) {
        return PolicyParser.parseDocument("p.yaml", text, ConditionCheck.NONE).stream().map(PolicyConfig::name).toList();
    }
}
