package io.meridian.placement.policy;

import static io.meridian.placement.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.expr.ContentTag;
import io.meridian.expr.FileFacts;
import io.meridian.placement.Fixtures;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Tier;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A policy's when speaks the language classification rules speak, with the same facts. */
class PolicyConditionTest {
    private static final Clock CLOCK = Clock.fixed(T0.plus(Duration.ofDays(100)), ZoneOffset.UTC);
    private static final PlacementSelector ARCHIVE = PlacementSelector.newBuilder().setTier(Tier.ARCHIVE).build();

    @Test
    void shouldMatchOnTheVariablesThatOnlyRulesHadBefore() {
        FileRecord record = Fixtures.record("/datasets/exports/Table.CSV", 1, Map.of(ContentTag.KEY, "parquet"),
                Fixtures.instance("nas", 10, null));
        record.setOwner("ana");

        assertThat(matches("ext == 'csv' && name == 'Table.CSV' && owner == 'ana'", record)).isTrue();
        assertThat(matches("magic == 'parquet' && silo == 'nas' && silos == ['nas']", record)).isTrue();
        assertThat(matches("has(tags.stage)", record)).isFalse();
    }

    @Test
    void shouldKeepThePolicyVariablesAndTheirMeaning() {
        FileRecord record = Fixtures.record("/datasets/a.bin", 1, Map.of("stage", "training"), Fixtures.instance("nas", 10, null),
                Fixtures.instance("gpu-nvme", 10, null));
        record.setAutoTags(Map.of("format", "parquet"));
        record.getInstances().get(0).setState(InstanceState.COPYING);

        assertThat(matches("autoTags.format == 'parquet' && tags.stage == 'training' && size == 10", record)).isTrue();
        assertThat(matches("instances.exists(i, i.state == 'COPYING') && ageDays(mtime) == 100", record)).isTrue();
    }

    @Test
    void shouldRecordTheSameProblemAsTheConditionCheckForAnInvalidPolicy() {
        CompiledPolicy invalid = CompiledPolicy.of(Fixtures.policy("p", "colour == 'red'", ARCHIVE, 1, false, 0), CLOCK);

        assertThat(invalid.valid()).isFalse();
        assertThat(invalid.error()).isEqualTo(PolicyValidator.conditionProblem("colour == 'red'"));
    }

    private static boolean matches(String when, FileRecord record) {
        CompiledPolicy policy = CompiledPolicy.of(Fixtures.policy("p", when, ARCHIVE, 1, false, 0), CLOCK);
        assertThat(policy.valid()).as(policy.error()).isTrue();
        return policy.matches(FileFacts.of(record));
    }
}
