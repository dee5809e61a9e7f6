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
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitOption;
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
 * directory (locked by the writer while it lives), are fsync-ed with their directory and renamed over
 * the key atomically; mtime and mode are preserved. Symlinks are never followed.
 */
public final class PosixSiloStore implements SiloStore {
    private static final Logger LOG = LoggerFactory.getLogger(PosixSiloStore.class);

    private final String siloId;
    private final Path root;

    public PosixSiloStore(String siloId, Path root) throws IOException {
        this.siloId = siloId;
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
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
        Files.createDirectories(target.getParent());
        return PosixPendingWrite.open(key, target, options);
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path path = resolve(key);
        boolean deleted = Files.deleteIfExists(path);
        if (deleted) {
            PosixPendingWrite.fsyncDirectory(path.getParent());
        }
        return deleted;
    }

    @Override
    public int cleanLeftovers(Duration minAge) throws IOException {
        Instant before = Instant.now().minus(minAge);
        int removed = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                if (path.getFileName().toString().startsWith(TEMP_PREFIX) && isAbandoned(path, before)) {
                    Files.deleteIfExists(path);
                    LOG.info("Removed leftover temporary file {} in silo {}", path, siloId);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** A temp file is abandoned when old enough and nobody holds its lock (a live writer always does). */
    private static boolean isAbandoned(Path path, Instant before) {
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
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // a writer in this JVM holds it
        } catch (IOException e) {
            return false; // vanished or unreadable: not ours to judge now
        }
    }

    @Override
    public long freeBytes() throws IOException {
        return Files.getFileStore(root).getUsableSpace();
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
