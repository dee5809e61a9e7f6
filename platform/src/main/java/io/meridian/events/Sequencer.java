package io.meridian.events;

import java.time.Instant;
import java.util.Comparator;

/**
 * The order of events about one instance (one path in one silo), DESIGN.md invariant 4: a stale
 * event never overwrites newer state.
 *
 * <p>A sequencer is {@code <micros>-<tiebreak>}: exactly {@value #MICROS_DIGITS} decimal digits, the
 * zero-padded epoch microseconds at which the producer observed the state it reports (a watcher's stat,
 * a mover's commit, an S3 notification's event time), then '-', then a producer-specific tiebreak of 1
 * to {@value #MAX_TIEBREAK_LENGTH} characters {@code [0-9a-z]} for events observed in the same
 * microsecond: a watcher's, hook's or mover's decimal counter ({@code SequenceClock},
 * {@code InstanceEvents}), or an S3 notification's hex sequencer in lower case ({@code 0} when the
 * notification has none). Example: {@code 1769860800000000-7}. Observation time, not mtime, is what
 * orders them: a scan that stat-ed a file before it was deleted must lose to the delete even when it is
 * published after it. {@link #validate} checks this format; {@link FileEventRules} also bounds the time.
 *
 * <p>Comparison is on the time first, then on the tiebreaks left-padded with zeros to equal length
 * (AWS's rule for comparing S3 sequencers); an empty tiebreak (only in cut-offs built with
 * {@code of(time, "")}, never in a valid event) sorts first.
 */
public final class Sequencer {
    public static final Comparator<String> ORDER = Sequencer::compare;
    /** Digits of the epoch microseconds, zero-padded. */
    public static final int MICROS_DIGITS = 16;
    /** Longest tiebreak; a decimal long counter has at most 19 digits, S3's hex sequencers about 20. */
    public static final int MAX_TIEBREAK_LENGTH = 64;
    private static final String FORMAT = "<" + MICROS_DIGITS + "-digit epoch micros>-<tiebreak of 1.." + MAX_TIEBREAK_LENGTH
            + " characters [0-9a-z]>, e.g. 1769860800000000-7";

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

    /**
     * Checks the format at the edge: exactly {@value #MICROS_DIGITS} digits, '-', a tiebreak of 1 to
     * {@value #MAX_TIEBREAK_LENGTH} characters {@code [0-9a-z]}. Returns the sequencer, or throws
     * IllegalArgumentException naming the field and the expected format.
     */
    public static String validate(String sequencer) {
        if (!wellFormed(sequencer)) {
            throw new IllegalArgumentException("'sequencer' " + Shown.value(sequencer) + " is not " + FORMAT);
        }
        return sequencer;
    }

    /** The epoch microseconds of a sequencer that {@link #validate} accepted. */
    public static long epochMicros(String sequencer) {
        return micros(validate(sequencer));
    }

    private static boolean wellFormed(String sequencer) {
        int length = sequencer == null ? 0 : sequencer.length();
        if (length < MICROS_DIGITS + 2 || length > MICROS_DIGITS + 1 + MAX_TIEBREAK_LENGTH
                || sequencer.charAt(MICROS_DIGITS) != '-') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = sequencer.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (i < MICROS_DIGITS ? !digit : i > MICROS_DIGITS && !digit && (c < 'a' || c > 'z')) {
                return false;
            }
        }
        return true;
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
