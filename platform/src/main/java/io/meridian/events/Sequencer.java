package io.meridian.events;

import java.time.Instant;
import java.util.Comparator;

/**
 * The order of events about one instance (one path in one silo), DESIGN.md invariant 4: a stale
 * event never overwrites newer state.
 *
 * <p>A sequencer is {@code <micros>-<tiebreak>}: the 16-digit, zero-padded epoch microseconds at
 * which the producer observed the state it reports (a watcher's stat, a mover's commit, an S3
 * notification's event time), then a producer-specific tiebreak for events observed in the same
 * microsecond (a watcher's counter, or an S3 notification's hex sequencer). Observation time, not
 * mtime, is what orders them: a scan that stat-ed a file before it was deleted must lose to the
 * delete even when it is published after it.
 *
 * <p>Comparison is on the time first, then on the tiebreaks left-padded with zeros to equal length
 * (AWS's rule for comparing S3 sequencers); an empty tiebreak sorts first.
 */
public final class Sequencer {
    public static final Comparator<String> ORDER = Sequencer::compare;
    private static final int MICROS_DIGITS = 16;

    private Sequencer() {
    }

    /** A sequencer for a state observed at {@code observedAt}, with a tiebreak ('' when none). */
    public static String of(Instant observedAt, String tiebreak) {
        long micros = Math.addExact(Math.multiplyExact(observedAt.getEpochSecond(), 1_000_000L), observedAt.getNano() / 1_000);
        return String.format("%0" + MICROS_DIGITS + "d-%s", micros, tiebreak == null ? "" : tiebreak.toLowerCase());
    }

    /** A sequencer from a monotonic counter of one producer, e.g. a watcher's publish sequence. */
    public static String of(Instant observedAt, long counter) {
        return of(observedAt, Long.toString(counter));
    }

    /** Negative when {@code a} is older than {@code b}, 0 when equal, positive when newer. */
    public static int compare(String a, String b) {
        int time = Long.compare(micros(a), micros(b));
        if (time != 0) {
            return time;
        }
        String ta = tiebreak(a);
        String tb = tiebreak(b);
        int width = Math.max(ta.length(), tb.length());
        return pad(ta, width).compareTo(pad(tb, width));
    }

    /** Whether {@code candidate} is strictly newer than {@code current} (null current: always). */
    public static boolean isNewer(String candidate, String current) {
        return current == null || compare(candidate, current) > 0;
    }

    /** Checks the format at the edge; throws IllegalArgumentException saying what is expected. */
    public static String validate(String sequencer) {
        micros(sequencer);
        return sequencer;
    }

    private static long micros(String sequencer) {
        int dash = sequencer == null ? -1 : sequencer.indexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("sequencer '" + sequencer + "' is not <epoch-micros>-<tiebreak>, e.g. "
                    + of(Instant.ofEpochSecond(1_700_000_000L), 1));
        }
        try {
            return Long.parseLong(sequencer.substring(0, dash));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sequencer '" + sequencer + "' does not start with epoch microseconds");
        }
    }

    private static String tiebreak(String sequencer) {
        return sequencer.substring(sequencer.indexOf('-') + 1);
    }

    private static String pad(String s, int width) {
        return "0".repeat(width - s.length()) + s;
    }
}
