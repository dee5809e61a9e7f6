package io.meridian.storage.posix;

import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the write-back of a large temp file while it is still being written, so that its final
 * {@code fsync} has little left to do. The kernel would otherwise start writing a fresh file only at
 * that fsync (below its background dirty threshold), making a large copy cost copy + flush instead of
 * about max(copy, flush). Each step is a {@code force(false)} on a background thread, at most one at a
 * time per file; the writer never waits for it until {@link #awaitQuietly()} before the final fsync.
 * Durability still comes from that final fsync alone.
 */
final class EarlyFlush {
    /** A flush is started every time this many more bytes were written. */
    static final long STEP = 16L << 20;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService FLUSHERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "meridian-early-flush-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final FileChannel channel;
    private long nextAt = STEP;
    private Future<?> running;

    EarlyFlush(FileChannel channel) {
        this.channel = channel;
    }

    /** Called by the writer after each write; starts a flush when a step was crossed and none runs. */
    void written(long total) {
        if (total < nextAt || (running != null && !running.isDone())) {
            return;
        }
        nextAt = total + STEP;
        running = FLUSHERS.submit(() -> {
            channel.force(false);
            return null;
        });
    }

    /** Waits for a running flush; its failure does not matter, the final fsync reports any. */
    void awaitQuietly() throws InterruptedIOException {
        if (running == null) {
            return;
        }
        try {
            running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an early flush");
        } catch (ExecutionException e) {
            // a closed channel or an I/O error: the final fsync fails too, with its own message
        }
    }

    /** For callers that must not throw (abort): the channel is closing anyway. */
    void cancel() {
        if (running != null) {
            running.cancel(false);
        }
    }
}
