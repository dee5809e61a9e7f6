package io.meridian.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Rows of "Meridian vs peer" figures, rendered as a Markdown table for RESULTS.md. */
final class Report {
    private final String setup;
    private final List<String> rows = new ArrayList<>();
    private final boolean table;

    Report(String setup) {
        this(setup, true);
    }

    private Report(String setup, boolean table) {
        this.setup = setup;
        this.table = table;
    }

    /** A report that is Markdown of its own, for a run whose figures are counts rather than a comparison. */
    static Report freeform(String markdown) {
        return new Report(markdown, false);
    }

    /** Adds one comparison; higher is better for both figures. */
    Report add(String what, String unit, double meridian, double peer, String peerName, String goal) {
        double ratio = meridian / peer;
        rows.add(String.format(Locale.ROOT, "| %s | %,.0f %s | %s: %,.0f %s | %.2fx | %s |",
                what, meridian, unit, peerName, peer, unit, ratio, goal));
        return this;
    }

    /** Adds one comparison of times; lower is better, and the ratio says how many times slower Meridian is. */
    Report addMillis(String what, double meridianMillis, double peerMillis, String peerName, String goal) {
        rows.add(String.format(Locale.ROOT, "| %s | %,.2f ms | %s: %,.2f ms | %.2fx the peer's time | %s |",
                what, meridianMillis, peerName, peerMillis, meridianMillis / peerMillis, goal));
        return this;
    }

    /** Adds one comparison of costs (CPU per record...); lower is better, and the ratio says how many times the peer's cost Meridian's is. */
    Report addCost(String what, String unit, double meridian, double peer, String peerName, String goal) {
        rows.add(String.format(Locale.ROOT, "| %s | %,.1f %s | %s: %,.1f %s | %.2fx the peer's cost | %s |",
                what, meridian, unit, peerName, peer, unit, meridian / peer, goal));
        return this;
    }

    String markdown() {
        if (!table) {
            return setup.endsWith("\n") ? setup : setup + "\n";
        }
        StringBuilder out = new StringBuilder(setup).append("\n\n");
        out.append("| measure | Meridian | peer | ratio | goal |\n|---|---|---|---|---|\n");
        rows.forEach(r -> out.append(r).append('\n'));
        return out.toString();
    }

    /** Median of measured rounds, to damp one slow round on a shared 2-core machine. */
    static double median(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
