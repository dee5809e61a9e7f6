package io.meridian.classifier.sniff;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code rate} tokens a second, holding at most {@code burst}. {@link #acquire}
 * blocks until enough tokens are there, so the callers' long-run rate never exceeds {@code rate}.
 * A request larger than the burst is allowed once the bucket is full and leaves it in debt, so one
 * big request waits its share instead of starving. Thread-safe.
 */
final class TokenBucket {
    /** Sleeps for a number of nanoseconds; a test replaces it to advance a fake clock. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    TokenBucket(double ratePerSecond, double burst, LongSupplier nanoClock, Sleeper sleeper) {
        if (ratePerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and burst, not " + ratePerSecond + "/s, " + burst);
        }
        this.perNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    /** A bucket on the system's monotonic clock. */
    static TokenBucket perSecond(double ratePerSecond, double burst) {
        return new TokenBucket(ratePerSecond, burst, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Takes {@code amount} tokens, waiting as long as needed. */
    synchronized void acquire(double amount) throws InterruptedException {
        double needed = Math.min(amount, burst);
        refill();
        while (tokens < needed) {
            sleeper.sleep((long) Math.ceil((needed - tokens) / perNano));
            refill();
        }
        tokens -= amount;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
    }
}
