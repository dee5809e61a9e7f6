package io.meridian.movers;

import io.meridian.storage.PendingWrite;
import io.meridian.storage.SiloStore;
import io.meridian.storage.WriteOptions;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A store whose writes flip one bit of the first byte they are given: a disk or network that corrupts data. */
final class CorruptingSiloStore extends ForwardingSiloStore {
    CorruptingSiloStore(SiloStore delegate) {
        super(delegate);
    }

    @Override
    public PendingWrite create(String key, WriteOptions options) throws IOException {
        PendingWrite real = delegate.create(key, options);
        return new PendingWrite() {
            private boolean flipped;

            @Override
            public void write(ByteBuffer data) throws IOException {
                if (!flipped && data.hasRemaining()) {
                    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
                    copy.put(data).flip();
                    copy.put(0, (byte) (copy.get(0) ^ 0x01));
                    flipped = true;
                    real.write(copy);
                } else {
                    real.write(data);
                }
            }

            @Override
            public long written() {
                return real.written();
            }

            @Override
            public long persistedCrc32c() throws IOException {
                return real.persistedCrc32c();
            }

            @Override
            public io.meridian.storage.ObjectStat commit() throws IOException {
                return real.commit();
            }

            @Override
            public void abort() {
                real.abort();
            }
        };
    }
}
