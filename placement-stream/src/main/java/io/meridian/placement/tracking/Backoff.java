package io.meridian.placement.tracking;

/**
 * Exponential backoff with a bounded count: attempt n (1-based) is retried after
 * {@code base * 2^(n-1)}, capped at {@code max}; after {@code maxAttempts} the file is stuck.
 *
 * @param baseMillis  delay after the first failure
 * @param maxMillis   longest delay
 * @param maxAttempts attempts before a file is parked as stuck
 */
public record Backoff(long baseMillis, long maxMillis, int maxAttempts) {

    public Backoff {
        if (baseMillis <= 0 || maxMillis < baseMillis || maxAttempts < 1) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max and at least one attempt");
        }
    }

    /** Delay before re-issuing after failed attempt {@code attempt}. */
    public long delayAfter(int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        return Math.min(maxMillis, baseMillis << shift);
    }

    /** True when no attempt is left after {@code attempt} failed. */
    public boolean exhausted(int attempt) {
        return attempt >= maxAttempts;
    }
}
