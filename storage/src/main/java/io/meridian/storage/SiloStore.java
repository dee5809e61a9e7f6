package io.meridian.storage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The bytes of one silo (a POSIX directory tree or an S3 bucket + prefix). Thread-safe: any number
 * of threads may read, list and write through one instance.
 *
 * <p>Keys are silo-relative, '/'-separated, without a leading '/', and validated by {@link Keys#check}
 * (no empty, {@code .} or {@code ..} segment, no NUL): a key can never escape the silo root.
 *
 * <p>Contract of writes ({@link #create}):
 * <ul>
 *   <li><b>visibility</b> — nothing written is visible under the key (to {@link #stat}, {@link #open},
 *   {@link #list} or any other reader of the silo) until {@link PendingWrite#commit()} returns;
 *   an aborted or abandoned write is never visible. POSIX writes go to {@code .meridian-tmp-*} in
 *   the target directory, S3 writes to an uncompleted multipart upload or memory.</li>
 *   <li><b>durability</b> — when {@code commit()} returns the content is durable (POSIX: file and
 *   directory fsync-ed; S3: the PUT or multipart completion acknowledged).</li>
 *   <li><b>overwrite</b> — commit replaces an existing object atomically: a reader sees the old or
 *   the new content, never a mix.</li>
 * </ul>
 * Leftovers of writers that died ({@link #cleanLeftovers}) are removed without touching live writes.
 */
public interface SiloStore extends AutoCloseable {
    /** Temporary names start with this; watchers ignore them. */
    String TEMP_PREFIX = ".meridian-tmp-";

    /** The silo's id, for logs and errors. */
    String siloId();

    /** The object's attributes, or empty when it does not exist. */
    Optional<ObjectStat> stat(String key) throws IOException;

    /**
     * Reads {@code length} bytes from {@code offset} ({@code length < 0}: to the end).
     *
     * @throws java.nio.file.NoSuchFileException when the key does not exist
     */
    InputStream open(String key, long offset, long length) throws IOException;

    /**
     * Every committed object whose key starts with {@code prefix} ("" for all), recursively; what
     * {@link Keys#isInternal} names (temp names, a backend's upload bookkeeping) is excluded.
     */
    void list(String prefix, Consumer<ObjectStat> visitor) throws IOException;

    /** Starts an invisible write of {@code key}; commit or abort it (closing it un-committed aborts). */
    PendingWrite create(String key, WriteOptions options) throws IOException;

    /** Deletes the object; returns false when it did not exist. */
    boolean delete(String key) throws IOException;

    /**
     * Removes temporary files and incomplete uploads whose writer is gone. POSIX knows for sure (a
     * live writer holds a lock on its temp file); S3 removes uploads started more than {@code minAge} ago.
     *
     * @return how many leftovers were removed
     */
    int cleanLeftovers(Duration minAge) throws IOException;

    /** Bytes still free for new objects as far as the store itself can tell (file system free space), or Long.MAX_VALUE. */
    long freeBytes() throws IOException;

    /**
     * Copies within the store's endpoint without moving bytes through this process, when both
     * stores share an endpoint and the object is small enough; returns false when it cannot (then
     * stream the copy). The new object is visible when this returns true.
     */
    default boolean serverSideCopy(SiloStore source, String sourceKey, String key, WriteOptions options) throws IOException {
        return false;
    }

    @Override
    void close();
}
