package io.meridian.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SequencerTest {
    private static final Instant T = Instant.parse("2026-11-28T12:00:00.000001Z");

    @Test
    void shouldOrderByObservationTimeFirst() {
        assertThat(Sequencer.compare(Sequencer.of(T, 99), Sequencer.of(T.plusNanos(1_000), 1))).isNegative();
    }

    @Test
    void shouldCompareS3SequencersAfterLeftPadding() {
        // AWS: left-pad the shorter hex sequencer with zeros, then compare lexicographically.
        String older = Sequencer.of(T, "0055AED6DCD90281E5");
        String newer = Sequencer.of(T, "55AED6DCD90281E6");
        assertThat(Sequencer.compare(older, newer)).isNegative();
        assertThat(Sequencer.isNewer(newer, older)).isTrue();
        assertThat(Sequencer.isNewer(older, older)).isFalse();
        assertThat(Sequencer.isNewer(older, null)).isTrue();
    }

    @Test
    void shouldRefuseMalformedSequencers() {
        assertThatThrownBy(() -> Sequencer.validate("abc")).hasMessageContaining("<epoch-micros>-<tiebreak>");
        assertThatThrownBy(() -> Sequencer.validate("x1-2")).hasMessageContaining("epoch microseconds");
    }

    @Property
    void counterOrderIsSequencerOrder(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long a,
                                      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long b) {
        assertThat(Integer.signum(Sequencer.compare(Sequencer.of(T, a), Sequencer.of(T, b))))
                .isEqualTo(Long.signum(Long.compare(a, b)));
    }
}
