package io.meridian.movers;

import io.meridian.storage.PendingWrite;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * Moves the bytes of one copy from a source channel into a pending write and computes their CRC32C on
 * the read side. Objects larger than {@link #OVERLAP_THRESHOLD} are double-buffered: while a writer
 * thread hands one buffer to the target, the calling thread reads and checksums the next one, so a large
 * copy takes about max(read, write) instead of read + write. Smaller ones stay on the calling thread
 * (a hand-off would cost more than it saves).
 *
 * <p>One pump per engine (per thread): it owns its two direct buffers. Writes into one pending write stay
 * sequential (each one finishes before the next starts), as {@link PendingWrite} requires; a pump never
 * returns or throws while a write of its buffers is still running.
 */
final class StreamPump {
    /** Objects at least this large are double-buffered. */
    static final long OVERLAP_THRESHOLD = 8L << 20;

    private static final AtomicInteger WRITER_THREADS = new AtomicInteger();
    // shared by every engine: idle writers die after a minute, a busy engine uses one at a time
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "meridian-copy-writer-" + WRITER_THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final ByteBuffer[] buffers;

    StreamPump(int bufferSize) {
        this.buffers = new ByteBuffer[] {ByteBuffer.allocateDirect(bufferSize), null};
    }

    /**
     * Copies the channel to its end into {@code write}; returns the CRC32C of the bytes read and counts
     * them in {@code read[0]}.
     */
    long pump(ReadableByteChannel source, PendingWrite write, long expectedSize, Throttle in, Throttle out, long[] read)
            throws IOException {
        CRC32C crc = new CRC32C();
        if (expectedSize < OVERLAP_THRESHOLD) {
            ByteBuffer buffer = buffers[0];
            for (boolean more = true; more; ) {
                more = fill(source, buffer);
                account(buffer, crc, in, out, read);
                write.write(buffer);
            }
            return crc.getValue();
        }
        if (buffers[1] == null) {
            buffers[1] = ByteBuffer.allocateDirect(buffers[0].capacity());
        }
        Future<?> writing = null;
        try {
            for (int i = 0; ; i ^= 1) {
                ByteBuffer buffer = buffers[i];
                boolean more = fill(source, buffer);
                account(buffer, crc, in, out, read);
                await(writing);
                writing = WRITERS.submit(() -> {
                    write.write(buffer);
                    return null;
                });
                if (!more) {
                    await(writing);
                    return crc.getValue();
                }
            }
        } finally {
            settle(writing);
        }
    }

    /** Reads until the buffer is full or the channel ends (fewer, larger writes); leaves it flipped. */
    private static boolean fill(ReadableByteChannel source, ByteBuffer buffer) throws IOException {
        buffer.clear();
        int n = 0;
        while (buffer.hasRemaining() && (n = source.read(buffer)) >= 0) {
            // keep reading
        }
        buffer.flip();
        return n >= 0;
    }

    private static void account(ByteBuffer buffer, CRC32C crc, Throttle in, Throttle out, long[] read)
            throws InterruptedIOException {
        int n = buffer.remaining();
        if (n > 0) {
            in.acquire(n);
            out.acquire(n);
            crc.update(buffer.duplicate());
            read[0] += n;
        }
    }

    private static void await(Future<?> writing) throws IOException {
        if (writing == null) {
            return;
        }
        try {
            writing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("write failed", cause);
        }
    }

    /** Waits, uninterruptibly and ignoring its outcome, until a write of our buffer is over: it must not outlive us. */
    private static void settle(Future<?> writing) {
        if (writing == null) {
            return;
        }
        boolean interrupted = false;
        while (!writing.isDone()) {
            try {
                writing.get();
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break; // already reported by await, or superseded by the failure that brought us here
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
