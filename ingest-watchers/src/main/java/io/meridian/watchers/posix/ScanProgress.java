package io.meridian.watchers.posix;

import io.meridian.watchers.WatcherMetrics;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what a watcher saw (entries, bytes, skipped names, unreadable entries) and, when the
 * process runs on a terminal, prints one progress line per second while a scan runs (files/s,
 * bytes, errors). Quiet when not on a terminal: logs carry the summary instead.
 */
public final class ScanProgress {
    private static final long PRINT_EVERY_NANOS = 1_000_000_000L;

    private final String silo;
    private final PrintStream terminal;
    private final WatcherMetrics metrics;
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private long scanStarted;
    private long scanEntriesAtStart;
    private long lastPrinted;
    private volatile boolean scanning;

    ScanProgress(String silo, PrintStream terminal) {
        this(silo, terminal, null);
    }

    /** {@code metrics}, when not null, counts the entries full scans read. */
    ScanProgress(String silo, PrintStream terminal, WatcherMetrics metrics) {
        this.silo = silo;
        this.terminal = terminal;
        this.metrics = metrics;
    }

    /** Progress that prints to stderr only when this process has a console, and counts scanned entries on {@code metrics}. */
    static ScanProgress forProcess(String silo, WatcherMetrics metrics) {
        return new ScanProgress(silo, System.console() != null ? System.err : null, metrics);
    }

    void scanStarted() {
        scanStarted = System.nanoTime();
        scanEntriesAtStart = entries.get();
        lastPrinted = scanStarted;
        scanning = true;
    }

    void entry(long size) {
        entries.incrementAndGet();
        bytes.addAndGet(size);
        if (metrics != null && scanning) {
            metrics.scanEntries(1);
        }
        // Only full scans print: the few entries of a live refresh or subtree rescan need no progress line.
        if (terminal != null && scanning) {
            long now = System.nanoTime();
            if (now - lastPrinted >= PRINT_EVERY_NANOS) {
                lastPrinted = now;
                terminal.print("\r" + line(now));
                terminal.flush();
            }
        }
    }

    /** Ends the progress line and returns the scan's summary. */
    String scanFinished() {
        String summary = line(System.nanoTime());
        scanning = false;
        if (terminal != null) {
            terminal.print("\r" + summary + System.lineSeparator());
            terminal.flush();
        }
        return summary;
    }

    private String line(long now) {
        long files = entries.get() - scanEntriesAtStart;
        double seconds = Math.max(1e-3, (now - scanStarted) / 1e9);
        return String.format("scan %s: %,d files in %.1f s (%,.0f files/s), %,d MiB seen, %d errors, %d skipped",
                silo, files, seconds, files / seconds, bytes.get() >> 20, unreadable.get(), skipped.get());
    }

    void skipped() {
        skipped.incrementAndGet();
    }

    void unreadable() {
        unreadable.incrementAndGet();
    }

    public long entries() {
        return entries.get();
    }

    public long skippedCount() {
        return skipped.get();
    }
}
