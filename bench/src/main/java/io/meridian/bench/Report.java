package io.meridian.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Rows of "Meridian vs peer" figures, rendered as a Markdown table for RESULTS.md. */
final class Report {
    private final String setup;
    private final List<String> rows = new ArrayList<>();

    Report(String setup) {
        this.setup = setup;
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

    String markdown() {
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
