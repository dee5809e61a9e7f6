package io.meridian.watchers.posix;

import io.meridian.schemas.EventSource;
import io.meridian.watchers.checkpoint.ChangeTracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the published state of a POSIX silo in line with the disk, for a whole subtree (a scan) or
 * one path (a live notification), through a {@link ChangeTracker} that publishes only differences.
 * A scan is a sweep: it deletes what the checkpoint knows under the subtree but the scan did not see,
 * except below directories it could not read (unreadable is not gone).
 *
 * <p>Not thread-safe: the watcher thread owns it.
 */
final class PathSync {
    private static final Logger LOG = LoggerFactory.getLogger(PathSync.class);

    private final String silo;
    private final EntryReader reader;
    private final TreeScanner scanner;
    private final ScanProgress progress;
    private ChangeTracker tracker;

    PathSync(String silo, EntryReader reader, TreeScanner scanner, ScanProgress progress, ChangeTracker tracker) {
        this.silo = silo;
        this.reader = reader;
        this.scanner = scanner;
        this.progress = progress;
        this.tracker = tracker;
    }

    void tracker(ChangeTracker replacement) {
        this.tracker = replacement;
    }

    ChangeTracker tracker() {
        return tracker;
    }

    /** Scans {@code dir} and everything below it; returns the number of events published. */
    long scan(Path dir, EventSource source, Consumer<Path> register) throws InterruptedException {
        long before = tracker.published();
        long sweep = tracker.beginSweep();
        List<String> unreadable = new ArrayList<>();
        scanner.scan(dir, source, register, observation -> accept(observation, unreadable));
        int deleted = tracker.deleteUnseen(reader.logicalDirectory(dir), sweep, path -> below(path, unreadable), source);
        LOG.debug("Scan of {} in silo {}: {} events, {} deleted", dir, silo, tracker.published() - before, deleted);
        return tracker.published() - before;
    }

    private void accept(Observation observation, List<String> unreadable) {
        switch (observation.kind()) {
            case ENTRY -> {
                progress.entry(observation.event().getSize());
                tracker.offer(observation.event());
            }
            case UNREADABLE -> {
                progress.unreadable();
                unreadable.add(observation.event().getPath() + "/");
                LOG.warn("Silo {}: {} is unreadable and skipped: {}", silo, observation.path(), observation.reason());
                tracker.report(observation.event());
            }
            case SKIPPED -> {
                progress.skipped();
                LOG.warn("Silo {}: skipped {}: {}", silo, observation.path(), observation.reason());
            }
            case DIRECTORY -> {
                // Directories are descended into by the scanner; only their entries are published.
            }
        }
    }

    private static boolean below(String path, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Publishes the current state of one path after a notification: an upsert, a delete of it and of
     * everything that was below it, or, for a directory not yet watched, a scan of that directory.
     */
    void refresh(Path path, LiveWatcher live) throws InterruptedException {
        Optional<Observation> seen;
        try {
            seen = reader.read(path, EventSource.POSIX_WATCH);
        } catch (IOException e) {
            seen = Optional.of(Observation.unreadable(path, reader.unreadable(path, "cannot stat: " + e, EventSource.POSIX_WATCH),
                    "cannot stat: " + e));
        }
        if (seen.isEmpty()) {
            gone(path, live);
            return;
        }
        Observation observation = seen.get();
        if (observation.kind() == Observation.Kind.DIRECTORY) {
            if (!live.isWatched(path)) {
                scan(path, EventSource.POSIX_WATCH, live::register);
            }
            return;
        }
        accept(observation, new ArrayList<>());
    }

    private void gone(Path path, LiveWatcher live) {
        if (reader.ignored(path) || NameCheck.problem(path) != null) {
            return;
        }
        String logical;
        try {
            logical = reader.logicalPath(path);
        } catch (RuntimeException e) {
            return; // never published, so nothing to delete
        }
        live.forget(path);
        tracker.deleteTree(logical, EventSource.POSIX_WATCH);
    }
}
