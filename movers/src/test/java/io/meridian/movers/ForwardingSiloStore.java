package io.meridian.movers;

import io.meridian.storage.ObjectStat;
import io.meridian.storage.PendingWrite;
import io.meridian.storage.SiloStore;
import io.meridian.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** A store that forwards every call; tests override one call to inject a fault. */
class ForwardingSiloStore implements SiloStore {
    final SiloStore delegate;

    ForwardingSiloStore(SiloStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public String siloId() {
        return delegate.siloId();
    }

    @Override
    public Optional<ObjectStat> stat(String key) throws IOException {
        return delegate.stat(key);
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        return delegate.open(key, offset, length);
    }

    @Override
    public void list(String prefix, Consumer<ObjectStat> visitor) throws IOException {
        delegate.list(prefix, visitor);
    }

    @Override
    public PendingWrite create(String key, WriteOptions options) throws IOException {
        return delegate.create(key, options);
    }

    @Override
    public boolean delete(String key) throws IOException {
        return delegate.delete(key);
    }

    @Override
    public int cleanLeftovers(Duration minAge) throws IOException {
        return delegate.cleanLeftovers(minAge);
    }

    @Override
    public long freeBytes() throws IOException {
        return delegate.freeBytes();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
