package io.meridian.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What became of the hostile inputs, per channel (an HTTP route, raw Kafka records, {@code meridian
 * publish} lines). The figures the issue asks for: tried, accepted, refused with a reason,
 * dead-lettered, crashes; and the two failures a correct server never shows: an invalid input
 * accepted, and a refusal without a reason. A valid input refused is counted too (a good item must
 * land). The first examples of each failure are kept so that the report says which input did it.
 * Thread-safe.
 */
final class HostileTally {
    enum Outcome { ACCEPTED, REFUSED, REFUSED_WITHOUT_REASON, LIMITED, DEAD_LETTERED, CRASH }

    private static final int EXAMPLES = 3;

    private static final class Channel {
        final Map<Outcome, LongAdder> outcomes = new ConcurrentHashMap<>();
        final LongAdder tried = new LongAdder();
        final LongAdder invalidAccepted = new LongAdder();
        final LongAdder validRefused = new LongAdder();

        long count(Outcome outcome) {
            LongAdder adder = outcomes.get(outcome);
            return adder == null ? 0 : adder.sum();
        }
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, String> examples = new ConcurrentHashMap<>();

    /**
     * Records one input. {@code valid}: null when either answer is right (a garbled Range may be
     * ignored or refused), otherwise whether a correct server accepts it.
     */
    void record(String channel, String kind, Boolean valid, Outcome outcome, String detail) {
        Channel c = channels.computeIfAbsent(channel, k -> new Channel());
        c.tried.increment();
        c.outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        boolean accepted = outcome == Outcome.ACCEPTED;
        if (Boolean.FALSE.equals(valid) && accepted) {
            c.invalidAccepted.increment();
            example("invalid accepted", channel, kind, detail);
        } else if (Boolean.TRUE.equals(valid) && !accepted) {
            c.validRefused.increment();
            example("valid refused", channel, kind, detail);
        }
        if (outcome == Outcome.CRASH || outcome == Outcome.REFUSED_WITHOUT_REASON) {
            example(outcome.name().toLowerCase(Locale.ROOT).replace('_', ' '), channel, kind, detail);
        }
    }

    private void example(String what, String channel, String kind, String detail) {
        for (int i = 0; i < EXAMPLES; i++) {
            if (examples.putIfAbsent(what + " #" + i + " " + channel, kind + ": " + shorten(detail)) == null) {
                return;
            }
        }
    }

    long total(Outcome outcome) {
        return channels.values().stream().mapToLong(c -> c.count(outcome)).sum();
    }

    long tried() {
        return channels.values().stream().mapToLong(c -> c.tried.sum()).sum();
    }

    long invalidAccepted() {
        return channels.values().stream().mapToLong(c -> c.invalidAccepted.sum()).sum();
    }

    long validRefused() {
        return channels.values().stream().mapToLong(c -> c.validRefused.sum()).sum();
    }

    /** The per-channel table and the failure examples, as Markdown. */
    String markdown() {
        StringBuilder out = new StringBuilder("| channel | tried | accepted | refused with reason | cut by a limit "
                + "| dead-lettered | refused without reason | crashes | invalid accepted | valid refused |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        new TreeMap<>(channels).forEach((name, c) -> out.append(String.format(Locale.ROOT,
                "| %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d |%n", name, c.tried.sum(),
                c.count(Outcome.ACCEPTED), c.count(Outcome.REFUSED), c.count(Outcome.LIMITED), c.count(Outcome.DEAD_LETTERED),
                c.count(Outcome.REFUSED_WITHOUT_REASON), c.count(Outcome.CRASH), c.invalidAccepted.sum(), c.validRefused.sum())));
        out.append(String.format(Locale.ROOT, "| **all** | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d |%n", tried(),
                total(Outcome.ACCEPTED), total(Outcome.REFUSED), total(Outcome.LIMITED), total(Outcome.DEAD_LETTERED),
                total(Outcome.REFUSED_WITHOUT_REASON), total(Outcome.CRASH), invalidAccepted(), validRefused()));
        if (!examples.isEmpty()) {
            out.append("\nFirst examples of each failure:\n\n");
            new TreeMap<>(examples).forEach((what, detail) -> out.append("- ").append(what).append(": `")
                    .append(detail.replace('`', '\'')).append("`\n"));
        }
        return out.toString();
    }

    private static String shorten(String text) {
        String oneLine = String.valueOf(text).replaceAll("\\s+", " ");
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 160) + "...";
    }
}
