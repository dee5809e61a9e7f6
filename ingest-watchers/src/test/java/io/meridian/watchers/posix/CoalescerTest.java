package io.meridian.watchers.posix;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CoalescerTest {
    private static final long MS = 1_000_000L;

    @Test
    void shouldHoldAPathUntilItsNotificationsPause() {
        Coalescer coalescer = new Coalescer(100 * MS, 1000 * MS);
        Path file = Path.of("/r/a");
        for (long t = 0; t < 50; t++) {
            coalescer.touch(file, t * MS);
        }

        assertThat(coalescer.due(120 * MS)).isEmpty();
        assertThat(coalescer.due(150 * MS)).containsExactly(file);
        assertThat(coalescer.size()).isZero();
    }

    @Test
    void shouldReleaseAPathThatNeverPausesAfterTheMaximumDelay() {
        Coalescer coalescer = new Coalescer(100 * MS, 1000 * MS);
        Path file = Path.of("/r/a");
        int released = 0;
        for (long t = 0; t <= 3100; t += 10) {
            coalescer.touch(file, t * MS);
            released += coalescer.due(t * MS).size();
        }

        assertThat(released).isEqualTo(3);
    }

    @Test
    void shouldDropPendingPathsBelowARescannedDirectory() {
        Coalescer coalescer = new Coalescer(100 * MS, 1000 * MS);
        coalescer.touch(Path.of("/r/d/x"), 0);
        coalescer.touch(Path.of("/r/e"), 0);

        coalescer.dropUnder(Path.of("/r/d"));

        assertThat(coalescer.due(200 * MS)).containsExactly(Path.of("/r/e"));
    }
}
