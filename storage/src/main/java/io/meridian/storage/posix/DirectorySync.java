package io.meridian.storage.posix;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Group commit of directory fsyncs. A rename is durable once an fsync of its directory that <em>started
 * after</em> the rename has completed; so concurrent commits into one directory share fsyncs: a caller
 * waits for the fsync in progress (which may have started before its rename and so does not count), then
 * the next one, started by one of the waiters, covers all of them. {@link #fsync} still returns only when
 * the caller's rename is durable, and a failed fsync fails its starter while the waiters start another.
 */
final class DirectorySync {
    private static final ConcurrentHashMap<Path, Group> GROUPS = new ConcurrentHashMap<>();

    private DirectorySync() {
    }

    /** Returns once every change to {@code dir} made before this call is durable. */
    static void fsync(Path dir) throws IOException {
        Group group = GROUPS.compute(dir, (d, old) -> (old != null ? old : new Group()).join());
        try {
            group.sync(dir);
        } finally {
            // the map only holds directories being synced right now
            GROUPS.computeIfPresent(dir, (d, g) -> g.leave() ? null : g);
        }
    }

    /** Directories with an fsync running or waited for right now (tests: nothing may stay behind). */
    static int tracked() {
        return GROUPS.size();
    }

    private static void fsyncNow(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** The fsync generations of one directory; users are counted under the map's per-key lock. */
    private static final class Group {
        private int users;
        private long started;
        private long finished;
        private boolean running;

        Group join() {
            users++;
            return this;
        }

        boolean leave() {
            return --users == 0;
        }

        void sync(Path dir) throws IOException {
            long generation;
            synchronized (this) {
                // a generation started from now on covers this caller's rename; the running one may not
                long needed = started + 1;
                while (running && finished < needed) {
                    await(dir);
                }
                if (finished >= needed) {
                    return;
                }
                generation = ++started;
                running = true;
            }
            boolean ok = false;
            try {
                fsyncNow(dir); // outside the monitor, so that later callers queue up behind this fsync
                ok = true;
            } finally {
                synchronized (this) {
                    running = false;
                    if (ok) {
                        finished = Math.max(finished, generation);
                    }
                    notifyAll();
                }
            }
        }

        private void await(Path dir) throws InterruptedIOException {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the fsync of " + dir);
            }
        }
    }
}
