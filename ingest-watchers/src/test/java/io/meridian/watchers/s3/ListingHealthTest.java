package io.meridian.watchers.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ListingHealthTest {
    @Test
    void shouldBackOffFromTheIntervalUpToAMinuteAndResetOnSuccess() {
        ListingHealth health = new ListingHealth("archive", "bucket", Duration.ofSeconds(1));
        long[] delays = new long[8];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = health.failed(new IOException("500")).toSeconds();
        }

        assertThat(delays).containsExactly(1, 2, 4, 8, 16, 32, 60, 60);
        assertThat(health.failing()).isTrue();
        assertThat(health.succeeded()).isEqualTo(Duration.ofSeconds(1));
        assertThat(health.failing()).isFalse();
        assertThat(health.failed(new IOException("500"))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldNeverWaitLongerThanALongIntervalNorShorter() {
        ListingHealth health = new ListingHealth("archive", "bucket", Duration.ofMinutes(5));

        assertThat(health.delayAfter(1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(health.delayAfter(10)).isEqualTo(Duration.ofMinutes(5));
    }
}
