package io.meridian.watchers.posix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collapses bursts of change notifications per path: a path is due once it has been quiet for the
 * quiet period, or once its first pending notification is older than the maximum delay (so a file
 * that is written without pause still shows progress). The watcher stats a due path then, so the
 * state it publishes is the latest one: 1,000 appends give a handful of events, the last exact.
 *
 * <p>Not thread-safe: the watcher thread owns it. Times are {@link System#nanoTime()} values.
 */
final class Coalescer {
    private final long quietNanos;
    private final long maxDelayNanos;
    private final Map<Path, long[]> pending = new LinkedHashMap<>();

    Coalescer(long quietNanos, long maxDelayNanos) {
        this.quietNanos = quietNanos;
        this.maxDelayNanos = maxDelayNanos;
    }

    /** Notes a notification about {@code path} at {@code now}. */
    void touch(Path path, long now) {
        long[] times = pending.get(path);
        if (times == null) {
            pending.put(path, new long[] {now, now});
        } else {
            times[1] = now;
        }
    }

    /** Removes and returns the paths that are due at {@code now}, oldest first. */
    List<Path> due(long now) {
        List<Path> due = new ArrayList<>();
        Iterator<Map.Entry<Path, long[]>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Path, long[]> entry = it.next();
            long[] times = entry.getValue();
            if (now - times[1] >= quietNanos || now - times[0] >= maxDelayNanos) {
                due.add(entry.getKey());
                it.remove();
            }
        }
        return due;
    }

    /** Forgets pending paths at or below {@code dir} (a rescan of it covers them). */
    void dropUnder(Path dir) {
        pending.keySet().removeIf(path -> path.startsWith(dir));
    }

    int size() {
        return pending.size();
    }
}
