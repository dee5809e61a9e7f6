package io.meridian.expr;

import static io.meridian.expr.Records.NOW;
import static io.meridian.expr.Records.instance;
import static io.meridian.expr.Records.present;
import static io.meridian.expr.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.InstanceState;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionTest {
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final FileRecord SHARD = record("/datasets/train/shard-0001.tfrecord",
            List.of(present("nas", 5000, NOW.minus(Duration.ofDays(40))),
                    instance("gpu", 5000, NOW.minus(Duration.ofDays(40)), NOW, InstanceState.COPYING)),
            Map.of("stage", "training", ContentTag.KEY, "tfrecord"), Map.of("format", "tfrecord"), "ana");

    /** Every variable either old dialect had (rules: name, ext, owner, silo, silos, magic; policies: instances). */
    private static final List<String> EVERY_VARIABLE_BUT_AUTO_TAGS = List.of(
            "path.startsWith('/datasets/train/')",
            "name == 'shard-0001.tfrecord'",
            "ext == 'tfrecord'",
            "size == 5000",
            "mtime == " + NOW.minus(Duration.ofDays(40)).toEpochMilli(),
            "owner == 'ana'",
            "silo == 'nas'",
            "silos == ['nas', 'gpu']",
            "tags.stage == 'training'",
            "magic == 'tfrecord'",
            "instances.exists(i, i.silo == 'gpu' && i.state == 'COPYING')",
            "ageDays(mtime) == 40");

    @Test
    void shouldOfferEveryVariableToRulesAndPoliciesAlike() {
        for (String when : EVERY_VARIABLE_BUT_AUTO_TAGS) {
            for (Condition.Use use : Condition.Use.values()) {
                assertThat(Condition.compile(when, use, CLOCK).matches(FileFacts.of(SHARD))).as(use + ": " + when).isTrue();
            }
        }
        assertThat(Condition.compile("autoTags.format == 'tfrecord'", Condition.Use.POLICY, CLOCK).matches(FileFacts.of(SHARD))).isTrue();
    }

    @Test
    void shouldRefuseAutoTagsInAClassificationRuleBecauseRulesComputeThem() {
        assertThat(Condition.problem("autoTags.format == 'parquet'", Condition.Use.CLASSIFICATION))
                .isEqualTo("'autoTags.format == 'parquet'' reads autoTags, which classification rules compute; a rule cannot"
                        + " read them (repeat the condition of the rule that sets the tag)");
        assertThat(Condition.problem("autoTags.format == 'parquet'", Condition.Use.POLICY)).isNull();
    }

    @Test
    void shouldRefuseAnUnknownVariableNamingTheVariablesThereAre() {
        String problem = Condition.problem("colour == 'red'", Condition.Use.POLICY);

        assertThat(problem).startsWith("'colour == 'red'' is not valid CEL: ").contains("undeclared reference to 'colour'")
                .endsWith("(variables: path, name, ext, size, mtime, owner, silo, silos, tags, autoTags, magic, instances;"
                        + " function: ageDays(int))");
        assertThat(Condition.problem("colour == 'red'", Condition.Use.CLASSIFICATION)).isEqualTo(problem);
        assertThatThrownBy(() -> Condition.compile("colour == 'red'", Condition.Use.POLICY, CLOCK)).hasMessage(problem);
    }

    @Test
    void shouldRefuseATypeErrorANonBooleanAndAnEmptyCondition() {
        assertThat(Condition.problem("size == 'big'", Condition.Use.POLICY)).startsWith("'size == 'big'' is not valid CEL: ")
                .contains("found no matching overload for '_==_' applied to '(int, string)'");
        assertThat(Condition.problem("size", Condition.Use.CLASSIFICATION))
                .isEqualTo("'size' is a int, not a condition; it must evaluate to true or false");
        assertThat(Condition.problem(" ", Condition.Use.POLICY)).startsWith("is empty; ");
        assertThat(Condition.problem("size > 1 && ext == 'csv'", Condition.Use.POLICY)).isNull();
    }

    @Test
    void shouldCountAgeInWholeDaysRoundedDown() {
        assertThat(age(NOW.minus(Duration.ofHours(36)).toEpochMilli())).isEqualTo(1);
        assertThat(age(NOW.minus(Duration.ofDays(30)).toEpochMilli())).isEqualTo(30);
        assertThat(age(NOW.toEpochMilli())).isZero();
        assertThat(age(NOW.plus(Duration.ofHours(12)).toEpochMilli())).as("an mtime in the future").isEqualTo(-1);
    }

    @Test
    void shouldNotHoldWhereItCannotBeEvaluated() {
        FileRecord untagged = record("/datasets/a.bin", present("nas", 1, NOW));

        assertThat(Condition.compile("tags.stage == 'training'", Condition.Use.POLICY, CLOCK).matches(FileFacts.of(untagged))).isFalse();
        assertThat(Condition.compile("!(tags.stage == 'training')", Condition.Use.POLICY, CLOCK).matches(FileFacts.of(untagged))).isFalse();
    }

    @Test
    void shouldSayWhatItReads() {
        Condition magicAndAge = Condition.compile("magic == 'parquet' || ageDays(mtime) > 3", Condition.Use.CLASSIFICATION, CLOCK);
        Condition named = Condition.compile("name == 'magic'", Condition.Use.CLASSIFICATION, CLOCK);

        assertThat(List.of(magicAndAge.reads(Variable.MAGIC), magicAndAge.readsClock(), magicAndAge.reads(Variable.NAME)))
                .containsExactly(true, true, false);
        assertThat(List.of(named.reads(Variable.MAGIC), named.readsClock())).containsExactly(false, false);
    }

    private static long age(long mtime) {
        for (long days = -3; days < 100; days++) {
            if (Condition.compile("ageDays(" + mtime + ") == " + days, Condition.Use.POLICY, CLOCK).matches(FileFacts.of(SHARD))) {
                return days;
            }
        }
        throw new AssertionError("no age found");
    }
}
