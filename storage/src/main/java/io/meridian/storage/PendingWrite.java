package io.meridian.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One invisible write of one key (see {@link SiloStore}'s contract). Used by one thread at a time:
 * {@link #write} the bytes, then {@link #persistedCrc32c()} to learn what the store really holds,
 * then {@link #commit()} or {@link #abort()}. {@link #close()} aborts unless committed.
 */
public interface PendingWrite extends AutoCloseable {
    /** Appends the buffer's remaining bytes. */
    void write(ByteBuffer data) throws IOException;

    /** Bytes written so far. */
    long written();

    /**
     * Finishes writing and returns the CRC32C of the content as the store holds it: POSIX computes it
     * over the bytes the kernel accepted and returns it once mode, mtime and content are fsync-ed (or
     * reads the file back, for silos opened that way; see {@code PosixSiloStore}); S3 computes it over the bytes
     * handed to the SDK, which over plain HTTP signs each request with the payload's SHA-256 (so the
     * endpoint rejects a part that arrives different) and over HTTPS relies on TLS. Call before
     * {@link #commit()}.
     */
    long persistedCrc32c() throws IOException;

    /**
     * Makes the content visible under the key, atomically and durably, and returns its attributes as
     * committed (so that callers need no extra stat request).
     */
    ObjectStat commit() throws IOException;

    /** Discards everything written; safe to call more than once. */
    void abort();

    @Override
    default void close() {
        abort();
    }
}
