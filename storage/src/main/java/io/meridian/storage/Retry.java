package io.meridian.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded retry of one storage call on explicitly retriable errors only, with exponential backoff.
 * An interrupt stops the retrying at once and keeps the thread's interrupt status.
 */
public final class Retry {
    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

    /** One storage call. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws Exception;
    }

    private final int attempts;
    private final long firstDelayMillis;
    private final Predicate<Throwable> retriable;

    public Retry(int attempts, long firstDelayMillis, Predicate<Throwable> retriable) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.attempts = attempts;
        this.firstDelayMillis = firstDelayMillis;
        this.retriable = retriable;
    }

    /** Runs the call; non-retriable failures and the last retriable one surface as IOException. */
    public <T> T call(String what, Call<T> call) throws IOException {
        long delay = firstDelayMillis;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (Exception e) {
                if (attempt >= attempts || !retriable.test(e)) {
                    throw e instanceof IOException io ? io : new IOException(what + " failed: " + e.getMessage(), e);
                }
                LOG.warn("{} failed (attempt {}/{}), retrying in {} ms: {}", what, attempt, attempts, delay, e.toString());
                sleep(delay, what);
                delay = Math.min(delay * 2, 10_000);
            }
        }
    }

    private static void sleep(long millis, String what) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what + " interrupted while waiting to retry");
        }
    }
}
