package io.meridian.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        assertThatThrownBy(() -> Sequencer.validate("abc")).hasMessageContaining("'sequencer' 'abc' is not <16-digit epoch micros>");
        assertThatThrownBy(() -> Sequencer.validate("x1-2")).hasMessageContaining("'sequencer'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999-1", "999999999999999-1", "1769860800000000-", "-0-0", "1769860800000000-a b",
            "1769860800000000-ABC", "1769860800000000_1", "1769860800000000--1", "+769860800000000-1", " 769860800000000-1",
            "1769860800000000-1\n", "1769860800000000"})
    void shouldRefuseEverythingButSixteenDigitsDashAndALowerCaseTiebreak(String sequencer) {
        assertThatThrownBy(() -> Sequencer.validate(sequencer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'sequencer' ");
    }

    @Test
    void shouldBoundTheTiebreakLength() {
        String micros = "1769860800000000-";
        assertThat(Sequencer.validate(micros + "f".repeat(Sequencer.MAX_TIEBREAK_LENGTH))).isNotNull();
        assertThatThrownBy(() -> Sequencer.validate(micros + "f".repeat(Sequencer.MAX_TIEBREAK_LENGTH + 1)))
                .hasMessageContaining("1.." + Sequencer.MAX_TIEBREAK_LENGTH);
        assertThatThrownBy(() -> Sequencer.validate(null)).hasMessageContaining("(none)");
    }

    @Property
    void everyProducersFormatIsValid(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long counter,
                                     @ForAll @LongRange(min = 0, max = 9_999_999_999L) long second) {
        Instant at = Instant.ofEpochSecond(second, 999_999_000);
        assertThat(Sequencer.validate(Sequencer.of(at, counter))).isNotNull();
        assertThat(Sequencer.validate(Sequencer.of(at, Long.toHexString(counter).toUpperCase()))).isNotNull();
        assertThat(Sequencer.epochMicros(Sequencer.of(at, counter))).isEqualTo(second * 1_000_000L + 999_999);
    }

    @Property
    void counterOrderIsSequencerOrder(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long a,
                                      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long b) {
        assertThat(Integer.signum(Sequencer.compare(Sequencer.of(T, a), Sequencer.of(T, b))))
                .isEqualTo(Long.signum(Long.compare(a, b)));
    }
}
