package io.meridian.classifier.sniff;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.ConfigLoader;
import io.meridian.config.DemoConfig;
import io.meridian.config.MeridianConfig;
import io.meridian.stage.StageContext;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sniffer is a stage only when some classification rule reads the variable {@code magic}: the
 * demo, and rules that merely mention the word, run none (no thread, no silo read, not in the list
 * of stages {@code up} prints).
 */
class SnifferStageTest {
    @TempDir
    Path dir;

    @Test
    void shouldRunNoSnifferForTheDemo() {
        assertThat(SnifferStage.ifNeeded(context(DemoConfig.text()), SniffSettings.defaults())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"magic == 'parquet'", "magic.startsWith('p') && size > 0",
            "magic in ['parquet', 'arrow']", "ext == 'csv' ? magic == 'parquet' : false"})
    void shouldRunTheSnifferWhenARuleReadsMagic(String when) {
        assertThat(SnifferStage.ifNeeded(context(withRule(when)), SniffSettings.defaults()))
                .singleElement().extracting(SnifferStage::name).isEqualTo("content sniffer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"path.endsWith('.parquet')", "name == 'magic'", "tags.magic == 'yes'",
            "'magic' in tags", "tags['magic'] == 'parquet'"})
    void shouldRunNoSnifferWhenNoRuleReadsMagic(String when) {
        assertThat(SnifferStage.ifNeeded(context(withRule(when)), SniffSettings.defaults())).isEmpty();
    }

    private static String withRule(String when) {
        return """
                silos:
                  - { id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 1TiB }
                classification:
                  - name: rule
                    when: "%s"
                    tags: { format: parquet }
                """.formatted(when);
    }

    private StageContext context(String yaml) {
        MeridianConfig config = ConfigLoader.parse("test", yaml, dir);
        return new StageContext(config, new Properties(), () -> {
            throw new AssertionError("a sniffer that is not needed never connects");
        }, dir.resolve("state"), Optional.empty());
    }
}
