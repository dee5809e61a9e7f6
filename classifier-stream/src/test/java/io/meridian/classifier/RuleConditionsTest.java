package io.meridian.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.classifier.rules.AutoTagger;
import io.meridian.config.ClassificationRule;
import io.meridian.config.ConfigException;
import io.meridian.config.ConfigLoader;
import io.meridian.expr.Condition;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.FileType;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Classification rules speak the one condition language: checked when the config loads, with policy variables too. */
class RuleConditionsTest {
    private static final Clock CLOCK = Clock.fixed(TestEvents.T0.plus(Duration.ofDays(3)), ZoneOffset.UTC);

    @Test
    void shouldRefuseABadRuleWhenTheConfigLoadsWithTheProblemTheClassifierGives() {
        for (String when : List.of("colour == 'red'", "size == 'big'", "size", "autoTags.format == 'parquet'")) {
            String yaml = "classification:\n  - name: bad\n    when: \"" + when + "\"\n    tags: { a: b }\n";
            String problem = Condition.problem(when, Condition.Use.CLASSIFICATION);

            assertThat(problem).as(when).isNotNull();
            assertThatThrownBy(() -> ConfigLoader.parse("meridian.yaml", yaml, Path.of(".")))
                    .isInstanceOf(ConfigException.class).hasMessage("meridian.yaml:3: classification[0].when: " + problem);
            assertThatThrownBy(() -> new AutoTagger(List.of(new ClassificationRule("bad", when, Map.of("a", "b"))), true, CLOCK))
                    .hasMessage("classification rule 'bad': when: " + problem);
        }
    }

    @Test
    void shouldLetARuleReadTheInstancesAPolicyReads() {
        AutoTagger tagger = new AutoTagger(List.of(new ClassificationRule("replicated",
                "instances.filter(i, i.state == 'PRESENT').size() >= 2 && ageDays(mtime) == 3", Map.of("copies", "many"))), false, CLOCK);

        assertThat(tagger.tagsFor(record(instance("nas", InstanceState.PRESENT), instance("gpu", InstanceState.PRESENT))))
                .isEqualTo(Map.of("copies", "many"));
        assertThat(tagger.tagsFor(record(instance("nas", InstanceState.PRESENT), instance("gpu", InstanceState.COPYING))))
                .isEmpty();
    }

    private static Instance instance(String silo, InstanceState state) {
        return Instance.newBuilder().setSilo(silo).setSize(1).setMtime(TestEvents.T0).setUpdatedAt(TestEvents.T0)
                .setState(state).setSequencer(TestEvents.seq(1)).build();
    }

    private static FileRecord record(Instance... instances) {
        return FileRecord.newBuilder().setPath("/datasets/a.bin").setInstances(List.of(instances)).setFileType(FileType.FILE)
                .setVersion(1).setUpdatedAt(TestEvents.T0).build();
    }
}
