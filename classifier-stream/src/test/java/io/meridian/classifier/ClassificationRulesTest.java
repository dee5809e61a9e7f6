package io.meridian.classifier;

import static io.meridian.classifier.TestEvents.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.classifier.rules.AutoTagger;
import io.meridian.classifier.rules.CelRules;
import io.meridian.config.ClassificationRule;
import io.meridian.config.ConfigLoader;
import io.meridian.expr.ContentTag;
import io.meridian.schemas.TagCommand;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/** CEL classification rules: auto-tags that follow the rule, and clear errors for bad rules. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClassificationRulesTest {
    private static final String FILE = "/datasets/train/shard-0001.tfrecord";

    @TempDir
    Path stateDir;

    @Test
    void shouldSetAnAutoTagWhileTheRuleHoldsAndRemoveItAfter() {
        List<ClassificationRule> rules = List.of(
                new ClassificationRule("big", "size > 1000 && path.startsWith('/datasets/train/')", Map.of("big", "yes")),
                new ClassificationRule("tfrecord", "ext == 'tfrecord' && name.startsWith('shard-')", Map.of("kind", "shard")));
        try (ClassifierDriver classifier = new ClassifierDriver(stateDir, rules, false, "nas")) {
            classifier.pipe(upsert(FILE, "nas", 5000, 1));
            assertThat(classifier.latest().get(FILE).getAutoTags()).isEqualTo(Map.of("big", "yes", "kind", "shard"));

            classifier.pipe(upsert(FILE, "nas", 10, 2));
            assertThat(classifier.latest().get(FILE).getAutoTags()).isEqualTo(Map.of("kind", "shard"));
        }
    }

    @Test
    void shouldEvaluateRulesOverEffectiveTagsAndAge() {
        List<ClassificationRule> rules = List.of(
                new ClassificationRule("training", "tags.stage == 'training'", Map.of("hot", "true")),
                new ClassificationRule("old", "ageDays(mtime) > 30", Map.of("age", "old")));
        try (ClassifierDriver classifier = new ClassifierDriver(stateDir, rules, false, "nas")) {
            classifier.pipe(upsert(FILE, "nas", 1, 1));
            assertThat(classifier.latest().get(FILE).getAutoTags()).isEqualTo(Map.of("age", "old"));

            classifier.pipe(TestEvents.setTags("/datasets/", Map.of("stage", "training"), "ana"));
            assertThat(classifier.latest().get(FILE).getAutoTags()).containsEntry("hot", "true");
        }
    }

    @Test
    void shouldReEvaluateAMagicRuleWhenTheSniffedFormatArrives() {
        String csv = "/datasets/exports/table.csv";
        List<ClassificationRule> rules = List.of(new ClassificationRule("by-content", "magic == 'parquet'", Map.of("format", "parquet")));
        assertThat(CelRules.compile(rules, Clock.systemUTC()).readsMagic()).isTrue();
        assertThat(CelRules.compile(List.of(new ClassificationRule("name", "name == 'magic'", Map.of("a", "b"))),
                Clock.systemUTC()).readsMagic()).isFalse();
        try (ClassifierDriver classifier = new ClassifierDriver(stateDir, rules, true, "nas")) {
            classifier.pipe(upsert(csv, "nas", 100, 1));
            assertThat(classifier.latest().get(csv).getAutoTags()).containsEntry("format", "csv");

            TagCommand sniffed = TestEvents.setTags(csv, Map.of(ContentTag.KEY, "parquet"), ContentTag.ACTOR);
            classifier.pipe(sniffed);
            assertThat(classifier.latest().get(csv).getAutoTags()).containsEntry("format", "parquet");

            classifier.pipe(TestEvents.setTags(csv, Map.of(ContentTag.KEY, ContentTag.UNKNOWN), ContentTag.ACTOR));
            assertThat(classifier.latest().get(csv).getAutoTags()).containsEntry("format", "csv");
        }
    }

    @Test
    void shouldLetConfigRulesOverrideBuiltInTags() {
        List<ClassificationRule> rules = List.of(new ClassificationRule("fmt", "ext == 'tfrecord'", Map.of("format", "tfr")));
        try (ClassifierDriver classifier = new ClassifierDriver(stateDir, rules, true, "nas")) {
            classifier.pipe(upsert(FILE, "nas", 1, 1));
            assertThat(classifier.latest().get(FILE).getAutoTags()).containsEntry("format", "tfr")
                    .containsEntry("modality", "records");
        }
    }

    @Test
    void shouldTurnBuiltInTagsOffFromTheConfig() {
        String yaml = "classificationDefaults: false\nclassification:\n  - { name: big, when: 'size > 10', tags: { big: 'yes' } }\n";
        ClassifierSettings settings = ClassifierSettings.of(ConfigLoader.parse("test.yaml", yaml, stateDir));
        assertThat(settings.builtInTags()).isFalse();
        try (ClassifierDriver classifier = new ClassifierDriver(stateDir, settings.rules(), settings.builtInTags(), "nas")) {
            classifier.pipe(upsert(FILE, "nas", 50, 1));
            assertThat(classifier.latest().get(FILE).getAutoTags()).isEqualTo(Map.of("big", "yes"));
        }
        assertThat(ClassifierSettings.of(ConfigLoader.parse("test.yaml", "silos: []\n", stateDir)).builtInTags()).isTrue();
    }

    @Test
    void shouldRejectARuleThatDoesNotCompileNamingIt() {
        List<ClassificationRule> rules = List.of(new ClassificationRule("broken", "size >", Map.of("a", "b")));
        assertThatThrownBy(() -> new AutoTagger(rules, true, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'broken'");
    }

    @Test
    void shouldRejectARuleThatIsNotBoolean() {
        List<ClassificationRule> rules = List.of(new ClassificationRule("sized", "size + 1", Map.of("a", "b")));
        assertThatThrownBy(() -> new AutoTagger(rules, true, Clock.systemUTC()))
                .hasMessageContaining("'sized'");
    }
}
