package io.meridian.storage.posix;

import io.meridian.storage.Keys;
import io.meridian.storage.ObjectStat;
import io.meridian.storage.PendingWrite;
import io.meridian.storage.SiloStore;
import io.meridian.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A POSIX silo: a directory tree under a root. Writes go to {@code .meridian-tmp-<id>} in the target
 * directory (locked by the writer while it lives), are fsync-ed, renamed over the key atomically and
 * made durable by a directory fsync shared between concurrent commits ({@link DirectorySync}); mtime
 * and mode are preserved. Symlinks are never followed.
 *
 * <p>Verification ({@link PendingWrite#persistedCrc32c()}): by default the CRC32C of the bytes handed to
 * {@code write(2)}, once {@code fsync} succeeded. Reading the file back would not check more on a local
 * file system: right after the write the read is served from the very page-cache pages that
 * {@code write(2)} filled, so it re-checks memory, not the disk, at the price of doubling the I/O of a
 * large copy. A silo whose backing store can alter bytes below the page cache's view (a FUSE or network
 * file system that transforms data) is opened with {@code readBack = true}: the file is then read back
 * through the file system and the CRC32C of what it returns is compared instead.
 */
public final class PosixSiloStore implements SiloStore {
    private static final Logger LOG = LoggerFactory.getLogger(PosixSiloStore.class);

    private final String siloId;
    private final Path root;
    private final boolean readBack;
    // looked up once: Files.getFileStore parses the mount table on every call
    private final FileStore fileStore;

    public PosixSiloStore(String siloId, Path root) throws IOException {
        this(siloId, root, false);
    }

    /** A silo whose writes are verified by reading them back when {@code readBack} (see the class comment). */
    public PosixSiloStore(String siloId, Path root, boolean readBack) throws IOException {
        this.siloId = siloId;
        this.root = root.toAbsolutePath().normalize();
        this.readBack = readBack;
        Files.createDirectories(this.root);
        this.fileStore = Files.getFileStore(this.root);
    }

    @Override
    public String siloId() {
        return siloId;
    }

    public Path root() {
        return root;
    }

    /** The file of a key; validated so that it never leaves the root. */
    public Path resolve(String key) {
        Path path = root.resolve(Keys.check(key)).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("key '" + key + "' escapes silo " + siloId + "'s root");
        }
        return path;
    }

    @Override
    public Optional<ObjectStat> stat(String key) throws IOException {
        Path path = resolve(key);
        try {
            return Optional.of(statOf(key, path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static ObjectStat statOf(String key, Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:size,lastModifiedTime,mode,dev,ino,isRegularFile",
                LinkOption.NOFOLLOW_LINKS);
        if (!(Boolean) a.get("isRegularFile")) {
            throw new IOException(path + " is not a regular file");
        }
        return new ObjectStat(key, (Long) a.get("size"), ((FileTime) a.get("lastModifiedTime")).toMillis(),
                ((Integer) a.get("mode")) & 07777, null, null, a.get("dev") + ":" + a.get("ino"));
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        FileChannel channel = openChannel(key, offset);
        InputStream in = Channels.newInputStream(channel);
        return length < 0 ? in : new BoundedInputStream(in, length);
    }

    /** A read channel positioned at {@code offset}; the fast path of the copy engine. */
    public FileChannel openChannel(String key, long offset) throws IOException {
        FileChannel channel = FileChannel.open(resolve(key), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        channel.position(offset);
        return channel;
    }

    @Override
    public void list(String prefix, Consumer<ObjectStat> visitor) throws IOException {
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(start)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                String key = root.relativize(path).toString();
                if (key.startsWith(prefix) && !Keys.isTemp(key) && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        visitor.accept(statOf(key, path));
                    } catch (NoSuchFileException gone) {
                        // deleted between listing and stat: not part of the listing
                    }
                }
            }
        }
    }

    @Override
    public PendingWrite create(String key, WriteOptions options) throws IOException {
        Path target = resolve(key);
        Path parent = target.getParent();
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(parent);
        }
        return PosixPendingWrite.open(key, target, options, readBack);
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path path = resolve(key);
        boolean deleted = Files.deleteIfExists(path);
        if (deleted) {
            DirectorySync.fsync(path.getParent());
        }
        return deleted;
    }

    @Override
    public int cleanLeftovers(Duration minAge) throws IOException {
        Instant before = Instant.now().minus(minAge);
        int removed = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                if (path.getFileName().toString().startsWith(TEMP_PREFIX) && deleteIfAbandoned(path, before)) {
                    LOG.info("Removed leftover temporary file {} in silo {}", path, siloId);
                    removed++;
                }
            }
        }
        return removed;
    }

    /**
     * Deletes a temp file that is old enough and whose lock nobody holds (a live writer always does). The
     * delete happens while the sweep holds the lock: a writer that created the file but had not locked it
     * yet gets the lock only after the delete, sees its file gone and writes under a new name.
     */
    private static boolean deleteIfAbandoned(Path path, Instant before) {
        if (PosixPendingWrite.inFlight(path)) {
            return false; // ours, and opening it would drop the writer's lock (see PosixPendingWrite)
        }
        try {
            if (Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(before)) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            if (channel.tryLock() == null) {
                return false;
            }
            return Files.deleteIfExists(path); // the lock goes with the channel, after the delete
        } catch (OverlappingFileLockException e) {
            return false; // a writer in this JVM holds it
        } catch (IOException e) {
            return false; // vanished or unreadable: not ours to judge now
        }
    }

    @Override
    public long freeBytes() throws IOException {
        return fileStore.getUsableSpace();
    }

    @Override
    public void close() {
        // nothing held between calls
    }

    @Override
    public String toString() {
        return "posix silo " + siloId + " at " + root;
    }
}
