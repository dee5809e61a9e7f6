package io.meridian.cli.place;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.config.ByteSize;
import io.meridian.config.DurationText;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Follows a draining silo for {@code meridian silo drain --wait}: what is left on it (its usage),
 * the rate it empties at (bytes moved off since the start, over the time taken) and the ETA at that
 * rate. On a terminal one line is redrawn as a progress bar; otherwise a plain line is printed each
 * time the figures change, so a log reads well.
 */
final class DrainProgress {
    /** Exit code when the silo became active again before it was empty. */
    static final int REACTIVATED = 3;
    /** Exit code when the timeout passed first. */
    static final int TIMED_OUT = 4;
    private static final int BAR = 30;

    /** One look at the silo: {@code GET /v1/silos/{id}}. */
    interface Source {
        JsonNode silo() throws IOException, InterruptedException;
    }

    private final String id;
    private final boolean terminal;
    private final PrintWriter out;
    private long startBytes = -1;
    private long startNanos;
    private String lastFigures;

    DrainProgress(String id, boolean terminal, PrintWriter out) {
        this.id = id;
        this.terminal = terminal;
        this.out = out;
    }

    static Duration duration(String option, String text) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    /** Looks every {@code interval} until the silo is retired (0), active again (3) or {@code limit} passed (4). */
    int follow(Source source, Duration interval, Duration limit) throws IOException, InterruptedException {
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        while (true) {
            JsonNode silo = source.silo();
            String state = silo.path("state").asText();
            if ("retired".equals(state)) {
                finish(id + " is retired: nothing is left on it");
                return 0;
            }
            if ("active".equals(state)) {
                finish(id + " was made active again before it was empty; "
                        + silo.path("files").asLong() + " files are still on it");
                return REACTIVATED;
            }
            long files = silo.path("files").asLong();
            long bytes = silo.path("usedBytes").asLong();
            show(line(files, bytes, System.nanoTime()), files + "/" + bytes);
            if (System.nanoTime() >= deadline) {
                finish("still draining " + id + " after " + limit.toSeconds() + "s; it goes on without me");
                return TIMED_OUT;
            }
            Thread.sleep(interval.toMillis());
        }
    }

    /** The progress line for {@code files} and {@code bytes} left at {@code nanos}. */
    String line(long files, long bytes, long nanos) {
        if (startBytes < 0) {
            startBytes = bytes;
            startNanos = nanos;
        }
        double seconds = (nanos - startNanos) / 1e9;
        long moved = Math.max(0, startBytes - bytes);
        double rate = seconds > 0 ? moved / seconds : 0;
        String eta = rate > 0 ? eta((long) Math.ceil(bytes / rate)) : "unknown";
        String figures = String.format(Locale.ROOT, "%d files, %s left, %s/s, ETA %s", files, ByteSize.format(bytes),
                ByteSize.format((long) rate), eta);
        if (!terminal) {
            return "draining " + id + ": " + figures;
        }
        double done = startBytes <= 0 ? 0 : (double) moved / startBytes;
        int filled = (int) Math.round(done * BAR);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%%  %s", id, "#".repeat(filled), ".".repeat(BAR - filled),
                Math.round(done * 100), figures);
    }

    static String eta(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }

    /** Redraws the bar on a terminal; elsewhere prints the line when what is left ({@code figures}) changed. */
    private void show(String line, String figures) {
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
        } else if (!figures.equals(lastFigures)) {
            out.println(line);
        }
        lastFigures = figures;
        out.flush();
    }

    private void finish(String message) {
        if (terminal && lastFigures != null) {
            out.println();
        }
        out.println(message);
        out.flush();
    }
}
