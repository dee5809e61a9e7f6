package io.meridian.storage.posix;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Group commit of directory fsyncs. A rename is durable once an fsync of its directory that <em>started
 * after</em> the rename has completed; so concurrent commits into one directory share fsyncs: a caller
 * waits for the fsync in progress (which may have started before its rename and so does not count), then
 * the next one, started by one of the waiters, covers all of them. {@link #fsync} still returns only when
 * the caller's rename is durable, and a failed fsync fails its starter while the waiters start another.
 * Directories are told apart by identity (device and inode), not by path: a path can be made to lead
 * elsewhere between two commits, an open directory cannot.
 */
final class DirectorySync {
    private static final ConcurrentHashMap<Object, Group> GROUPS = new ConcurrentHashMap<>();

    /** The fsync of one directory, through a descriptor of it that its caller holds. */
    interface Fsync {
        void run() throws IOException;
    }

    private DirectorySync() {
    }

    /**
     * Returns once every change to directory {@code dir} (its file key) made before this call is durable;
     * {@code fsync} is run by whichever caller starts the next fsync of the group.
     */
    static void fsync(Object dir, Fsync fsync) throws IOException {
        Group group = GROUPS.compute(dir, (d, old) -> (old != null ? old : new Group()).join());
        try {
            group.sync(dir, fsync);
        } finally {
            // the map only holds directories being synced right now
            GROUPS.computeIfPresent(dir, (d, g) -> g.leave() ? null : g);
        }
    }

    /** Directories with an fsync running or waited for right now (tests: nothing may stay behind). */
    static int tracked() {
        return GROUPS.size();
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

        void sync(Object dir, Fsync fsync) throws IOException {
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
                fsync.run(); // outside the monitor, so that later callers queue up behind this fsync
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

        private void await(Object dir) throws InterruptedIOException {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the fsync of " + dir);
            }
        }
    }
}
