package io.meridian.movers;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one mover process: bytes and files moved, results by status, failures by class, queue lag. */
public final class MoverMetrics {
    private final LongAdder bytes = new LongAdder();
    private final LongAdder files = new LongAdder();
    private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicLong lag = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private long lastBytes;
    private long lastFiles;
    private long lastNanos = startNanos;

    void recorded(String status, String errorClass, long movedBytes) {
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (errorClass != null) {
            failures.computeIfAbsent(errorClass, s -> new LongAdder()).increment();
        }
        if (movedBytes > 0) {
            bytes.add(movedBytes);
            files.increment();
        }
    }

    void lag(long records) {
        lag.set(records);
    }

    public long bytes() {
        return bytes.sum();
    }

    public long files() {
        return files.sum();
    }

    /** Results by status (SUCCEEDED, ALREADY_PRESENT, ...). */
    public Map<String, Long> byStatus() {
        return snapshot(byStatus);
    }

    /** Failures by error class. */
    public Map<String, Long> failures() {
        return snapshot(failures);
    }

    /** One log line: rates since the previous call, totals, failures by class and queue lag. */
    synchronized String summary() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        long b = bytes();
        long f = files();
        String line = String.format("%.1f MiB/s, %.1f files/s; total %d files, %d bytes; results %s; failures %s; lag %d",
                (b - lastBytes) / seconds / (1 << 20), (f - lastFiles) / seconds, f, b, byStatus(), failures(), lag.get());
        lastBytes = b;
        lastFiles = f;
        lastNanos = now;
        return line;
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
