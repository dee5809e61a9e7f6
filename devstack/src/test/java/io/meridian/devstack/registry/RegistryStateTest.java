package io.meridian.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.devstack.registry.RegistryState.RegistrationPlan;
import io.meridian.devstack.registry.StoreRecord.ConfigRecord;
import io.meridian.devstack.registry.StoreRecord.SchemaRecord;
import io.meridian.devstack.registry.StoreRecord.SchemaTombstone;
import io.meridian.schemas.registry.CompatibilityLevel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The log-order conflict rules every registry instance applies identically. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class RegistryStateTest {
    private final RegistryState state = new RegistryState();

    @Test
    void shouldIgnoreARecordThatBindsATakenIdToOtherSchemaText() {
        assertThat(state.apply(new SchemaRecord("a", 1, 1, "A", false))).isTrue();

        assertThat(state.apply(new SchemaRecord("b", 1, 1, "B", false))).isFalse();
        assertThat(state.schemaById(1)).contains("A");
        assertThat(state.subjects(true)).containsExactly("a");
    }

    @Test
    void shouldIgnoreARecordThatGivesKnownSchemaTextASecondId() {
        state.apply(new SchemaRecord("a", 1, 1, "A", false));

        assertThat(state.apply(new SchemaRecord("b", 1, 2, "A", false))).isFalse();
        assertThat(state.schemaById(2)).isEmpty();
    }

    @Test
    void shouldIgnoreARecordForATakenSubjectVersion() {
        state.apply(new SchemaRecord("a", 1, 1, "A", false));

        SchemaRecord late = new SchemaRecord("a", 1, 2, "B", false);

        assertThat(state.apply(late)).isFalse();
        assertThat(state.holds(late)).isFalse();
        assertThat(state.versions("a", false)).extracting(SchemaRecord::id).containsExactly(1);
    }

    @Test
    void shouldIgnoreASecondLiveVersionOfTheSameSchemaInOneSubject() {
        state.apply(new SchemaRecord("a", 1, 1, "A", false));

        assertThat(state.apply(new SchemaRecord("a", 2, 1, "A", false))).isFalse();
        assertThat(state.versions("a", true)).hasSize(1);
    }

    @Test
    void shouldAcceptAnIdenticalRecordTwiceSoEqualConcurrentWritersBothWin() {
        SchemaRecord record = new SchemaRecord("a", 1, 1, "A", false);
        state.apply(record);

        assertThat(state.apply(record)).isTrue();
        assertThat(state.holds(record)).isTrue();
    }

    @Test
    void shouldPlanTheExistingVersionOrTheNextVersionWithTheSchemasGlobalId() {
        state.apply(new SchemaRecord("a", 1, 1, "A", false));
        state.apply(new SchemaRecord("b", 1, 2, "B", false));

        RegistrationPlan existing = state.plan("a", "A");
        RegistrationPlan reused = state.plan("a", "B");
        RegistrationPlan fresh = state.plan("c", "C");

        assertThat(existing.existing()).isTrue();
        assertThat(reused.record()).isEqualTo(new SchemaRecord("a", 2, 2, "B", false));
        assertThat(fresh.record()).isEqualTo(new SchemaRecord("c", 1, 3, "C", false));
    }

    @Test
    void shouldNumberAfterSoftDeletedVersionsAndForgetTombstonedOnes() {
        state.apply(new SchemaRecord("a", 1, 1, "A", false));
        state.apply(new SchemaRecord("a", 1, 1, "A", true));

        assertThat(state.subjects(false)).isEmpty();
        assertThat(state.plan("a", "A").record().version()).isEqualTo(2);

        state.apply(new SchemaTombstone("a", 1));
        assertThat(state.versions("a", true)).isEmpty();
        assertThat(state.schemaById(1)).contains("A");
    }

    @Test
    void shouldApplyTheLastLevelWrittenAndFallBackToTheGlobalOne() {
        state.apply(new ConfigRecord(null, CompatibilityLevel.FULL));
        state.apply(new ConfigRecord("a", CompatibilityLevel.NONE));

        assertThat(state.level("a")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(state.level("b")).isEqualTo(CompatibilityLevel.FULL);

        state.apply(new ConfigRecord("a", null));
        state.apply(new ConfigRecord(null, null));
        assertThat(state.level("a")).isEqualTo(RegistryState.DEFAULT_LEVEL);
    }
}
