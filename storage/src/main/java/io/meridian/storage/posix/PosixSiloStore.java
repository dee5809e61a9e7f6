package io.meridian.storage.posix;

import io.meridian.storage.Keys;
import io.meridian.storage.ObjectStat;
import io.meridian.storage.PendingWrite;
import io.meridian.storage.SiloStore;
import io.meridian.storage.SymlinkRefusedException;
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
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A POSIX silo: a directory tree under a root. Writes go to {@code .meridian-tmp-<id>} in the target
 * directory (locked by the writer while it lives), are fsync-ed, renamed over the key atomically and
 * made durable by a directory fsync shared between concurrent commits ({@link DirectorySync}); mtime
 * and permission bits are preserved (setuid, setgid and sticky bits are not).
 *
 * <p>Confinement (DESIGN.md invariant 9): every operation — stat, open, list, create, commit, delete
 * and the leftover sweep — reaches its file through directory descriptors opened from the root one
 * component at a time without following symlinks ({@link ConfinedPath}, {@link ConfinedWalk}), so no
 * component of a key may be a symlink, and swapping a directory for a symlink while an operation runs
 * cannot lead it outside the root. A key through a symlink fails with {@link SymlinkRefusedException};
 * listings and the sweep skip symlinks. The root itself may be a symlink (it is configuration).
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
    /** Directories being made live for microseconds; older ones are leftovers of a crash. */
    private static final Duration TEMP_DIR_AGE = Duration.ofMinutes(1);

    /** Descents of a write whose new directory another writer's replaced before the write used it. */
    private static final int CREATE_ATTEMPTS = 5;

    private final String siloId;
    private final Path root;
    private final boolean readBack;
    // looked up once: Files.getFileStore parses the mount table on every call
    private volatile FileStore fileStore;

    public PosixSiloStore(String siloId, Path root) throws IOException {
        this(siloId, root, false);
    }

    /** A silo whose writes are verified by reading them back when {@code readBack} (see the class comment). */
    public PosixSiloStore(String siloId, Path root, boolean readBack) throws IOException {
        this(siloId, root, readBack, true);
        this.fileStore = Files.getFileStore(this.root);
    }

    private PosixSiloStore(String siloId, Path root, boolean readBack, boolean createRoot) throws IOException {
        this.siloId = siloId;
        this.root = root.toAbsolutePath().normalize();
        this.readBack = readBack;
        if (createRoot) {
            Files.createDirectories(this.root);
        }
    }

    /**
     * A store for reading a silo that another process owns (the read path): creates nothing, not even
     * the root; reads of a silo whose root is missing fail with NoSuchFileException.
     */
    public static PosixSiloStore reader(String siloId, Path root) {
        try {
            return new PosixSiloStore(siloId, root, false, false);
        } catch (IOException e) {
            throw new IllegalStateException("unreachable: nothing is created", e);
        }
    }

    @Override
    public String siloId() {
        return siloId;
    }

    public Path root() {
        return root;
    }

    /**
     * The path of a key, validated so that it is lexically below the root: for messages and tests only.
     * Never open it — a directory on it may be a symlink; every operation of this store is confined.
     */
    public Path resolve(String key) {
        Path path = root.resolve(Keys.check(key)).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("key '" + key + "' escapes silo " + siloId + "'s root");
        }
        return path;
    }

    /**
     * {@inheritDoc}
     *
     * @throws SymlinkRefusedException when a component of the key is a symlink
     */
    @Override
    public Optional<ObjectStat> stat(String key) throws IOException {
        resolve(key);
        try (ConfinedPath at = ConfinedPath.existing(siloId, root, key)) {
            return Optional.of(at.stat());
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        FileChannel channel = openChannel(key, offset);
        InputStream in = Channels.newInputStream(channel);
        return length < 0 ? in : new BoundedInputStream(in, length);
    }

    /**
     * A read channel of a regular file, positioned at {@code offset}; the fast path of the copy engine and
     * of the read path.
     *
     * @throws NoSuchFileException when the key does not exist
     * @throws SymlinkRefusedException when a component of the key is a symlink
     */
    public FileChannel openChannel(String key, long offset) throws IOException {
        resolve(key);
        FileChannel channel;
        try (ConfinedPath at = ConfinedPath.existing(siloId, root, key)) {
            channel = at.openRead();
        }
        channel.position(offset);
        return channel;
    }

    /** {@inheritDoc} Symlinks are skipped, and the listing never descends into one. */
    @Override
    public void list(String prefix, Consumer<ObjectStat> visitor) throws IOException {
        int slash = prefix.lastIndexOf('/');
        String startKey = slash < 0 ? "" : Keys.check(prefix.substring(0, slash));
        SecureDirectoryStream<Path> start;
        try {
            start = startKey.isEmpty() ? Descriptors.openRoot(root) : startDirectory(startKey);
        } catch (NoSuchFileException | NotDirectoryException | SymlinkRefusedException e) {
            return; // nothing stored below a missing directory, a file or a symlink
        }
        try (start) {
            ConfinedWalk.walk(start, startKey, dir -> (dir + "/").startsWith(prefix) || prefix.startsWith(dir + "/"),
                    (dir, name, key, attributes) -> {
                        if (attributes.isRegularFile() && key.startsWith(prefix) && !Keys.isTemp(key)) {
                            listed(dir, name, key, visitor);
                        }
                    });
        }
    }

    /** The directory of key {@code dirKey}, opened without following symlinks. */
    private SecureDirectoryStream<Path> startDirectory(String dirKey) throws IOException {
        try (ConfinedPath at = ConfinedPath.existing(siloId, root, dirKey)) {
            return at.openDirectory();
        }
    }

    private void listed(SecureDirectoryStream<Path> dir, Path name, String key, Consumer<ObjectStat> visitor)
            throws IOException {
        try {
            visitor.accept(Descriptors.stat(siloId, dir, name, key, root.resolve(key)));
        } catch (NoSuchFileException gone) {
            // deleted between listing and stat: not part of the listing
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws SymlinkRefusedException when a directory of the key is a symlink (nothing is created)
     */
    @Override
    public PendingWrite create(String key, WriteOptions options) throws IOException {
        resolve(key);
        for (int attempt = 1; ; attempt++) {
            try {
                return PosixPendingWrite.open(ConfinedPath.creating(siloId, root, key), options, readBack);
            } catch (NoSuchFileException e) {
                // a directory this write had just made was replaced by another writer's (renameat replaces an
                // empty directory) before the temp file was made in it, so the held one is gone: descend again
                if (attempt == CREATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws SymlinkRefusedException when a component of the key is a symlink (nothing is deleted)
     */
    @Override
    public boolean delete(String key) throws IOException {
        resolve(key);
        try (ConfinedPath at = ConfinedPath.existing(siloId, root, key)) {
            boolean deleted = at.deleteKey();
            if (deleted) {
                at.fsyncDirectory();
            }
            return deleted;
        } catch (NoSuchFileException | NotDirectoryException e) {
            return false;
        }
    }

    @Override
    public int cleanLeftovers(Duration minAge) throws IOException {
        Instant before = Instant.now().minus(minAge);
        Instant dirsBefore = Instant.now().minus(TEMP_DIR_AGE.compareTo(minAge) > 0 ? TEMP_DIR_AGE : minAge);
        int[] removed = {0};
        try (SecureDirectoryStream<Path> top = Descriptors.openRoot(root)) {
            ConfinedWalk.walk(top, "", key -> !Keys.isTemp(key), (dir, name, key, attributes) -> {
                if (Keys.isTemp(key) && removeIfAbandoned(dir, name, attributes, attributes.isDirectory() ? dirsBefore : before)) {
                    LOG.info("Removed leftover temporary {} in silo {}", key, siloId);
                    removed[0]++;
                }
            });
        }
        return removed[0];
    }

    private static boolean removeIfAbandoned(SecureDirectoryStream<Path> dir, Path name, BasicFileAttributes attributes,
                                             Instant before) {
        if (attributes.lastModifiedTime().toInstant().isAfter(before)) {
            return false;
        }
        if (attributes.isDirectory()) {
            try {
                dir.deleteDirectory(name); // a directory being made (ConfinedPath); only ever empty
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        return attributes.isRegularFile() && deleteIfAbandoned(dir, name);
    }

    /**
     * Deletes a temp file whose lock nobody holds (a live writer always does). The delete happens while
     * the sweep holds the lock: a writer that created the file but had not locked it yet gets the lock
     * only after the delete, sees its file gone and writes under a new name.
     */
    private static boolean deleteIfAbandoned(SecureDirectoryStream<Path> dir, Path name) {
        if (PosixPendingWrite.inFlight(name)) {
            return false; // ours, and opening it would drop the writer's lock (see PosixPendingWrite)
        }
        try (FileChannel channel = Descriptors.fileChannel(dir.newByteChannel(name,
                Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)))) {
            if (channel.tryLock() == null) {
                return false;
            }
            dir.deleteFile(name); // the lock goes with the channel, after the delete
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // a writer in this JVM holds it
        } catch (IOException e) {
            return false; // vanished or unreadable: not ours to judge now
        }
    }

    @Override
    public long freeBytes() throws IOException {
        FileStore store = fileStore;
        if (store == null) {
            store = Files.getFileStore(root);
            fileStore = store;
        }
        return store.getUsableSpace();
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
