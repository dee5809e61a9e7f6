package io.meridian.classifier.sniff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The token bucket bounds the long-run rate, on a fake clock that advances only when the caller sleeps. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TokenBucketTest {
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void shouldLetABurstThroughAndThenHoldTheRate() throws InterruptedException {
        TokenBucket bucket = new TokenBucket(100, 100, nanos::get, nanos::addAndGet);
        for (int i = 0; i < 100; i++) {
            bucket.acquire(1);
        }
        assertThat(nanos.get()).isZero();
        for (int i = 0; i < 1_000; i++) {
            bucket.acquire(1);
        }
        assertThat(seconds()).isBetween(9.99, 10.01); // 1,000 more at 100 per second
    }

    @Test
    void shouldMakeARequestLargerThanTheBurstWaitItsShare() throws InterruptedException {
        TokenBucket bucket = new TokenBucket(1_000, 100, nanos::get, nanos::addAndGet);
        bucket.acquire(5_000);
        bucket.acquire(100);
        assertThat(seconds()).isBetween(4.99, 5.01); // the debt of 4,900 plus 100 more, at 1,000 per second
    }

    private double seconds() {
        return nanos.get() / 1e9;
    }
}
