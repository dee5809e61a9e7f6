package io.meridian.watchers.s3;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a silo's listings succeed, and when to list next. A failed listing is retried with
 * exponential backoff, from the reconcile interval up to {@link #MAX_BACKOFF} (or the interval when
 * longer), and logged once per state change: a WARN on the first failure and whenever the error
 * changes, DEBUG while it repeats, an INFO when listing works again. Not thread-safe: one watcher
 * thread owns it.
 */
final class ListingHealth {
    private static final Logger LOG = LoggerFactory.getLogger(ListingHealth.class);
    /** The longest wait between attempts of a failing listing, unless the interval is longer. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final String silo;
    private final String bucket;
    private final Duration interval;
    private int failures;
    private String lastError;

    ListingHealth(String silo, String bucket, Duration interval) {
        this.silo = silo;
        this.bucket = bucket;
        this.interval = interval;
    }

    /** Records a listing that read every page; returns the delay until the next one. */
    Duration succeeded() {
        if (failures > 0) {
            LOG.info("S3 listing of silo {} (bucket {}) works again after {} failed attempts", silo, bucket, failures);
        }
        failures = 0;
        lastError = null;
        return interval;
    }

    /** Records a listing that failed; returns the delay until the next attempt. */
    Duration failed(Exception error) {
        failures++;
        String message = error.toString();
        Duration delay = delayAfter(failures);
        if (!message.equals(lastError)) {
            LOG.warn("S3 listing of silo {} (bucket {}) failed: {}; nothing is deleted, retrying with backoff (next in {} s)",
                    silo, bucket, message, delay.toSeconds());
        } else {
            LOG.debug("S3 listing of silo {} failed again ({} times): {}", silo, failures, message);
        }
        lastError = message;
        return delay;
    }

    /** Whether the last listing failed. */
    boolean failing() {
        return failures > 0;
    }

    Duration delayAfter(int failed) {
        Duration cap = interval.compareTo(MAX_BACKOFF) > 0 ? interval : MAX_BACKOFF;
        Duration delay = interval;
        for (int i = 1; i < failed && delay.compareTo(cap) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(cap) > 0 ? cap : delay;
    }
}
