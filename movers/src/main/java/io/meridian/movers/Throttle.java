package io.meridian.movers;

import java.io.InterruptedIOException;

/**
 * A bandwidth limit shared by every thread that moves bytes through one silo: each caller reserves
 * the time its bytes take at the configured rate and sleeps until its slot starts.
 */
final class Throttle {
    static final Throttle UNLIMITED = new Throttle(0);

    private final long bytesPerSecond;
    private long nextFreeNanos = System.nanoTime();

    Throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    void acquire(long bytes) throws InterruptedIOException {
        if (bytesPerSecond <= 0 || bytes <= 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(now, nextFreeNanos);
            nextFreeNanos = start + bytes * 1_000_000_000L / bytesPerSecond;
            waitNanos = start - now;
        }
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while throttled");
            }
        }
    }
}
