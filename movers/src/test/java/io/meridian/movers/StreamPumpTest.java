package io.meridian.movers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.storage.Crc32cs;
import io.meridian.storage.ObjectStat;
import io.meridian.storage.PendingWrite;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StreamPumpTest {
    private static final int BUFFER = 64 * 1024;

    @Test
    void shouldWriteEveryByteInOrderWhenReadsAndWritesOverlap() throws IOException {
        byte[] data = Fixtures.random((int) StreamPump.OVERLAP_THRESHOLD + 12_345, 3);
        Collecting target = new Collecting(-1);
        long[] read = new long[1];
        long crc = new StreamPump(BUFFER).pump(Channels.newChannel(new ByteArrayInputStream(data)), target, data.length,
                Throttle.UNLIMITED, Throttle.UNLIMITED, read);
        assertThat(read[0]).isEqualTo(data.length);
        assertThat(crc).isEqualTo(Crc32cs.of(data));
        assertThat(target.bytes.toByteArray()).isEqualTo(data);
        assertThat(target.threads).as("writes left the reading thread").isTrue();
    }

    @Test
    void shouldFailWithTheWritersErrorAndLeaveNoWriteRunning() {
        byte[] data = Fixtures.random((int) StreamPump.OVERLAP_THRESHOLD * 2, 4);
        Collecting target = new Collecting(5);
        assertThatThrownBy(() -> new StreamPump(BUFFER).pump(Channels.newChannel(new ByteArrayInputStream(data)), target,
                data.length, Throttle.UNLIMITED, Throttle.UNLIMITED, new long[1]))
                .isInstanceOf(IOException.class).hasMessageContaining("disk on fire");
        assertThat(target.active).as("no write still running after the pump returned").isZero();
        assertThat(target.calls).isEqualTo(6);
    }

    /** Collects writes; fails the write after {@code failAfter} calls when not negative. */
    private static final class Collecting implements PendingWrite {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int failAfter;
        final Thread reader = Thread.currentThread();
        volatile int active;
        volatile int calls;
        volatile boolean threads;

        Collecting(int failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public void write(ByteBuffer data) throws IOException {
            active++;
            try {
                threads |= Thread.currentThread() != reader;
                if (failAfter >= 0 && calls++ == failAfter) {
                    throw new IOException("disk on fire");
                }
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                bytes.write(chunk);
            } finally {
                active--;
            }
        }

        @Override
        public long written() {
            return bytes.size();
        }

        @Override
        public long persistedCrc32c() {
            return Crc32cs.of(bytes.toByteArray());
        }

        @Override
        public ObjectStat commit() {
            throw new UnsupportedOperationException("not used");
        }

        @Override
        public void abort() {
        }
    }
}
