package io.meridian.watchers.posix;

import io.meridian.schemas.EventSource;
import io.meridian.storage.posix.NoFollowDirectories;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A parallel walk of one directory tree: several reader threads list directories and stat their
 * entries, and hand {@link Observation}s through a bounded queue to the calling thread, which is the
 * only one that sees them (so the consumer needs no locking, and a slow consumer slows the readers
 * instead of filling memory). Symlinks are never followed: a symlink is an entry, not a directory, and
 * a directory is opened component by component from the root with {@code O_NOFOLLOW}, so one swapped
 * for a symlink after it was seen is not listed (it becomes UNREADABLE, naming the symlink). An
 * unreadable directory becomes an UNREADABLE observation and the walk goes on.
 */
final class TreeScanner {
    /** Lists a directory; a seam so tests can make a directory unreadable even when running as root. */
    interface DirectoryLister {
        DirectoryStream<Path> open(Path dir) throws IOException;
    }

    private static final List<Observation> DONE = List.of();
    /** Observations handed over at once: one hand-off per entry would cost a thread wake-up per file. */
    private static final int BATCH = 256;

    private final EntryReader reader;
    private final int readers;
    private final int queueCapacity;
    private final DirectoryLister lister;

    /** @param queueCapacity batches (of up to 256 observations) waiting for the consumer */
    TreeScanner(EntryReader reader, int readers, int queueCapacity, DirectoryLister lister) {
        this.reader = reader;
        this.readers = readers;
        this.queueCapacity = queueCapacity;
        this.lister = lister;
    }

    /** A scanner that opens every directory without following a symlink below the silo root. */
    TreeScanner(EntryReader reader, int readers) {
        this(reader, readers, 64, dir -> NoFollowDirectories.open(reader.root(), dir));
    }

    /**
     * Walks the tree below {@code start} (a directory), calling {@code beforeListing} on reader threads
     * for each directory just before it is listed, and {@code consumer} on this thread for everything found.
     */
    void scan(Path start, EventSource source, Consumer<Path> beforeListing, Consumer<Observation> consumer)
            throws InterruptedException {
        Walk walk = new Walk(source, beforeListing);
        ExecutorService pool = Executors.newFixedThreadPool(readers, runnable -> {
            Thread thread = new Thread(runnable, "meridian-scan-reader");
            thread.setDaemon(true);
            return thread;
        });
        try {
            walk.push(start);
            for (int i = 0; i < readers; i++) {
                pool.execute(walk::run);
            }
            for (List<Observation> batch = walk.out.take(); batch != DONE; batch = walk.out.take()) {
                batch.forEach(consumer);
            }
        } finally {
            walk.cancelled = true;
            pool.shutdownNow();
        }
    }

    /** The shared state of one scan. */
    private final class Walk {
        final BlockingQueue<Path> directories = new LinkedBlockingDeque<>();
        final BlockingQueue<List<Observation>> out = new ArrayBlockingQueue<>(queueCapacity);
        final AtomicInteger pending = new AtomicInteger();
        final EventSource source;
        final Consumer<Path> beforeListing;
        volatile boolean cancelled;

        Walk(EventSource source, Consumer<Path> beforeListing) {
            this.source = source;
            this.beforeListing = beforeListing;
        }

        void push(Path dir) {
            pending.incrementAndGet();
            directories.add(dir);
        }

        void run() {
            try {
                while (!cancelled) {
                    Path dir = directories.poll(50, TimeUnit.MILLISECONDS);
                    if (dir != null) {
                        list(dir);
                        if (pending.decrementAndGet() == 0) {
                            out.put(DONE);
                            return;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void list(Path dir) throws InterruptedException {
            beforeListing.accept(dir);
            List<Observation> batch = new ArrayList<>(BATCH);
            try (DirectoryStream<Path> entries = lister.open(dir)) {
                for (Path entry : entries) {
                    visit(entry, batch);
                    if (batch.size() >= BATCH) {
                        out.put(batch);
                        batch = new ArrayList<>(BATCH);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // DirectoryIteratorException wraps an IOException raised while iterating.
                String reason = "cannot read directory: " + describe(e);
                batch.add(Observation.unreadable(dir, reader.unreadable(dir, reason, source), reason));
            }
            if (!batch.isEmpty()) {
                out.put(batch);
            }
        }

        private void visit(Path entry, List<Observation> batch) {
            Optional<Observation> seen;
            try {
                seen = reader.read(entry, source);
            } catch (IOException e) {
                String reason = "cannot stat: " + describe(e);
                batch.add(Observation.unreadable(entry, reader.unreadable(entry, reason, source), reason));
                return;
            }
            if (seen.isEmpty()) {
                return;
            }
            if (seen.get().kind() == Observation.Kind.DIRECTORY) {
                push(entry);
            }
            batch.add(seen.get());
        }
    }

    static String describe(Exception e) {
        Throwable cause = e.getCause() instanceof IOException ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage());
    }
}
