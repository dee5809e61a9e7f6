package io.meridian.watchers.posix;

import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.watchers.publish.SequenceClock;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A one-shot parallel scan of a POSIX tree into FileEvents, without checkpoint or publishing: the
 * scan the watcher runs, for tools and benchmarks. Skipped names and unreadable directories are
 * counted in the returned summary, not delivered.
 */
public final class PosixScan {
    /** What one scan found. */
    public record Summary(long entries, long skipped, long unreadable) {
    }

    private PosixScan() {
    }

    /** Scans {@code root} (mounted at {@code mount}) with {@code readers} threads; {@code events} runs on this thread. */
    public static Summary run(String silo, Path root, String mount, int readers, Consumer<FileEvent> events)
            throws InterruptedException {
        Path absolute = root.toAbsolutePath().normalize();
        EntryReader reader = new EntryReader(silo, absolute, mount, SequenceClock.system());
        long[] counts = new long[3];
        new TreeScanner(reader, readers).scan(absolute, EventSource.POSIX_SCAN, dir -> { }, observation -> {
            switch (observation.kind()) {
                case ENTRY -> {
                    counts[0]++;
                    events.accept(observation.event());
                }
                case SKIPPED -> counts[1]++;
                case UNREADABLE -> counts[2]++;
                case DIRECTORY -> { }
            }
        });
        return new Summary(counts[0], counts[1], counts[2]);
    }
}
