package io.meridian.movers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Committed plus in-flight bytes never exceed a silo's capacity, whatever the order of reservations (invariant 6). */
class CapacityLedgerPropertiesTest {
    @Property(tries = 500)
    void reservationsNeverExceedCapacity(@ForAll @LongRange(min = 1, max = 10_000) long capacity,
                                         @ForAll @Size(max = 40) List<@LongRange(min = 0, max = 3_000) Long> sizes,
                                         @ForAll @Size(max = 40) List<Boolean> releases) {
        CapacityLedger ledger = new CapacityLedger(Map.of("s", capacity));
        java.util.Deque<Long> held = new java.util.ArrayDeque<>();
        for (int i = 0; i < sizes.size(); i++) {
            try {
                ledger.reserve("s", sizes.get(i));
                held.push(sizes.get(i));
            } catch (MoveFailure full) {
                assertThat(full.errorClass()).isEqualTo(MoveFailure.TARGET_FULL);
            }
            if (i < releases.size() && releases.get(i) && !held.isEmpty()) {
                ledger.release("s", held.pop());
            }
            assertThat(ledger.committed("s")).isBetween(0L, capacity);
        }
    }

    @org.junit.jupiter.api.Test
    void shouldParseBandwidthPerSiloAndRejectGarbageClearly() {
        assertThat(MoverSettings.parseBandwidth("nas=100MiB, archive=1KiB"))
                .containsEntry("nas", 100L << 20).containsEntry("archive", 1024L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MoverSettings.parseBandwidth("nas"))
                .hasMessageContaining("SILO=SIZE");
        assertThat(MoverSettings.fromEnvironment(name -> name.equals(MoverSettings.ENV_WORKERS) ? "5" : null).workers())
                .isEqualTo(5);
    }
}
