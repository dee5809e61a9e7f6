package io.meridian.watchers.posix;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live half of the POSIX watcher: inotify through {@link WatchService}, one registration per
 * directory (inotify is not recursive; the watcher registers new directories as they appear).
 * {@link #poll} hands each notification to a {@link Listener} as "something changed at this path"
 * or "events below this directory were lost" (OVERFLOW, or a directory whose watch was cancelled).
 * Registration is thread-safe, so the scan's readers register directories as they list them.
 */
final class LiveWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveWatcher.class);

    /** Receives notifications on the polling thread. */
    interface Listener {
        void changed(Path path);

        void lost(Path dir);
    }

    private final WatchService service;
    private final Map<WatchKey, Path> directories = new ConcurrentHashMap<>();
    private final Set<Path> watchedDirs = ConcurrentHashMap.newKeySet();
    private volatile boolean limitReported;

    LiveWatcher() throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
    }

    /** Watches {@code dir} (not its subdirectories); a failure is logged and left to reconciliation. */
    void register(Path dir) {
        try {
            WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            directories.put(key, dir);
            watchedDirs.add(dir);
        } catch (IOException e) {
            // Usually fs.inotify.max_user_watches; periodic reconciliation still covers the directory.
            if (!limitReported) {
                limitReported = true;
                LOG.warn("Cannot watch {} ({}); changes below it are found by reconciliation only. "
                        + "Raise fs.inotify.max_user_watches if the tree is large", dir, e.toString());
            }
        } catch (ClosedWatchServiceException e) {
            // The watcher is stopping.
        }
    }

    /** Waits up to {@code millis} for notifications and hands them to {@code listener}; false once closed. */
    boolean poll(long millis, Listener listener) throws InterruptedException {
        WatchKey key;
        try {
            key = service.poll(millis, TimeUnit.MILLISECONDS);
        } catch (ClosedWatchServiceException e) {
            return false;
        }
        while (key != null) {
            dispatch(key, listener);
            key = service.poll();
        }
        return true;
    }

    private void dispatch(WatchKey key, Listener listener) {
        Path dir = directories.get(key);
        if (dir == null) {
            key.cancel();
            return;
        }
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                listener.lost(dir);
            } else {
                listener.changed(dir.resolve((Path) event.context()));
            }
        }
        if (!key.reset()) {
            // The directory is gone or was replaced; whatever replaced it is found by a rescan of its parent.
            directories.remove(key);
            watchedDirs.remove(dir);
            listener.changed(dir);
        }
    }

    /** Whether {@code dir} has a live registration. */
    boolean isWatched(Path dir) {
        return watchedDirs.contains(dir);
    }

    /**
     * Cancels the registrations of {@code path} and of directories below it. A watch follows the
     * directory, not its name: after a rename the old key would report changes under the old name.
     */
    void forget(Path path) {
        directories.entrySet().removeIf(entry -> {
            if (entry.getValue().startsWith(path)) {
                entry.getKey().cancel();
                watchedDirs.remove(entry.getValue());
                return true;
            }
            return false;
        });
    }

    int watched() {
        return directories.size();
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("Closing the watch service failed", e);
        }
    }
}
