package io.meridian.watchers.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.events.Sequencer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class SequenceClockTest {

    @Property(tries = 500)
    void shouldWriteExactlyWhatSequencerOfWrites(@ForAll @LongRange(min = -1_000_000L, max = 9_999_999_999L) long seconds,
                                                 @ForAll @LongRange(min = 0, max = 999_999_999L) long nanos,
                                                 @ForAll @IntRange(min = 0, max = 5) int earlier) {
        Instant at = Instant.ofEpochSecond(seconds, nanos);
        SequenceClock clock = new SequenceClock(Clock.fixed(at, ZoneOffset.UTC));
        for (int i = 0; i < earlier; i++) {
            clock.next(at);
        }

        assertThat(clock.next(at)).isEqualTo(Sequencer.of(at, earlier + 1));
    }

    @Property(tries = 200)
    void shouldOrderLaterObservationsAfterEarlierOnes(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long seconds) {
        SequenceClock clock = SequenceClock.system();
        Instant at = Instant.ofEpochSecond(seconds);

        String first = clock.next(at);
        String sameMicrosecond = clock.next(at);
        String later = clock.next(at.plusNanos(1_000));

        assertThat(Sequencer.compare(sameMicrosecond, first)).isPositive();
        assertThat(Sequencer.compare(later, sameMicrosecond)).isPositive();
    }
}
