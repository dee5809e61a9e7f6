package io.meridian.storage.posix;

import io.meridian.storage.Keys;
import io.meridian.storage.ObjectStat;
import io.meridian.storage.SiloStore;
import io.meridian.storage.SymlinkRefusedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

/**
 * One key of a POSIX silo, reached without following any symlink (DESIGN.md invariant 9). The key's
 * parent directory is held open as a {@link SecureDirectoryStream} (a directory descriptor) after a
 * descent from the silo root that opened each component with {@code openat(parent, name, O_NOFOLLOW)};
 * every operation on a name in it is relative to that descriptor ({@code openat} with
 * {@code O_NOFOLLOW}, {@code fstatat} with {@code AT_SYMLINK_NOFOLLOW}, {@code unlinkat},
 * {@code renameat}). Replacing a directory of the key by a symlink at any moment cannot redirect an
 * operation: the descriptors keep pointing at the directories that were verified, and a symlink met on
 * the way is refused with {@link SymlinkRefusedException}. The root itself is opened by path: it is the
 * operator's configuration and may be a symlink (to a mount, say).
 *
 * <p>Directories missing for a write are made without {@code mkdirat}, which Java lacks: each is created
 * under a temporary name directly in the root and moved into the verified parent with {@code renameat},
 * so nothing is created through a path below the root. Only when the parent is on another file system
 * than the root (a mount inside the silo; {@code renameat} fails with {@code EXDEV}) is the directory
 * created by path below the verified parent. That is the one residual window: a symlink swapped into that
 * path at that instant makes one empty directory appear where the link points. Nothing is read, written
 * or deleted there: the next step re-opens the directory relative to the verified parent and, not finding
 * it, fails.
 *
 * <p>Not thread-safe: one per operation, closed by its user.
 */
final class ConfinedPath implements AutoCloseable {
    /** Directories being made (see the class comment) are named so in the root; watchers ignore them. */
    static final String TEMP_DIR_PREFIX = SiloStore.TEMP_PREFIX + "dir-";
    private static final int ATTEMPTS = 3;

    private final String siloId;
    private final Path root;
    private final String key;
    private final String[] segments;
    private final Path leaf;
    private SecureDirectoryStream<Path> dir;

    private ConfinedPath(String siloId, Path root, String key) {
        this.siloId = siloId;
        this.root = root;
        this.key = Keys.check(key);
        this.segments = key.split("/");
        this.leaf = Path.of(segments[segments.length - 1]);
    }

    /** The key's parent, which must exist. */
    static ConfinedPath existing(String siloId, Path root, String key) throws IOException {
        ConfinedPath path = new ConfinedPath(siloId, root, key);
        path.dir = path.descend(false);
        return path;
    }

    /** The key's parent, made with every missing directory on the way. */
    static ConfinedPath creating(String siloId, Path root, String key) throws IOException {
        ConfinedPath path = new ConfinedPath(siloId, root, key);
        for (int attempt = 1; ; attempt++) {
            try {
                path.dir = path.descend(true);
                return path;
            } catch (NoSuchFileException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                // a directory just made was removed or replaced by another writer's (see makeDirectory): again
            }
        }
    }

    String key() {
        return key;
    }

    Path leaf() {
        return leaf;
    }

    /** The absolute path of {@code name} next to the key, for messages: never opened. */
    Path pathOf(Path name) {
        return root.resolve(key).resolveSibling(name.toString());
    }

    /** The stat of the key, or NoSuchFileException. */
    ObjectStat stat() throws IOException {
        return Descriptors.stat(siloId, dir, leaf, key, root.resolve(key));
    }

    /** Opens the key, a regular file, for reading. */
    FileChannel openRead() throws IOException {
        BasicFileAttributes attributes = Descriptors.attributes(dir, leaf);
        if (attributes.isSymbolicLink()) {
            throw new SymlinkRefusedException(siloId, key, key, null);
        }
        if (!attributes.isRegularFile()) {
            // opening a FIFO or a device would block or worse
            throw new IOException(root.resolve(key) + " in silo " + siloId + " is not a regular file");
        }
        try {
            return Descriptors.fileChannel(dir.newByteChannel(leaf, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw refusedIfSymlink(dir, segments.length - 1, e);
        }
    }

    /** Opens the key as a directory (a new descriptor, closed by the caller); a symlink is refused. */
    SecureDirectoryStream<Path> openDirectory() throws IOException {
        return openDirectory(dir, segments.length - 1);
    }

    /** Creates {@code name} (which must not exist) next to the key, for reading and writing. */
    FileChannel createNew(Path name) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        return Descriptors.fileChannel(dir.newByteChannel(name, options));
    }

    /** Whether {@code name} exists next to the key. */
    boolean exists(Path name) throws IOException {
        return exists(dir, name);
    }

    private static boolean exists(SecureDirectoryStream<Path> in, Path name) throws IOException {
        try {
            Descriptors.attributes(in, name);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Sets mtime, then the permission bits (setuid, setgid and sticky are not carried over). */
    void setTimesAndMode(Path name, Long mtimeMillis, Integer mode) throws IOException {
        // times first: both open the file read-only, which a mode such as 0200 would forbid
        if (mtimeMillis != null) {
            dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.fromMillis(mtimeMillis), null, null);
        }
        if (mode != null) {
            dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(Descriptors.permissions(mode));
        }
    }

    /** Deletes the key itself; false when it did not exist. A symlink is refused, never removed or followed. */
    boolean deleteKey() throws IOException {
        try {
            if (Descriptors.attributes(dir, leaf).isSymbolicLink()) {
                throw new SymlinkRefusedException(siloId, key, key, null);
            }
            dir.deleteFile(leaf);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Deletes {@code name} next to the key; false when it did not exist. */
    boolean delete(Path name) throws IOException {
        try {
            dir.deleteFile(name);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Renames {@code name} over the key, atomically ({@code renameat} within the held directory). */
    void renameOverKey(Path name) throws IOException {
        dir.move(name, dir, leaf);
    }

    /** Makes every change to the key's directory made so far durable (shared with concurrent callers). */
    void fsyncDirectory() throws IOException {
        Object identity = dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
        DirectorySync.fsync(identity, () -> {
            // "." of the held descriptor: the very directory that was verified, whatever its path is now
            try (FileChannel self = Descriptors.fileChannel(dir.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ)))) {
                self.force(true);
            }
        });
    }

    @Override
    public void close() {
        Descriptors.closeQuietly(dir);
    }

    private SecureDirectoryStream<Path> descend(boolean create) throws IOException {
        SecureDirectoryStream<Path> top = Descriptors.openRoot(root);
        SecureDirectoryStream<Path> current = top;
        try {
            for (int i = 0; i < segments.length - 1; i++) {
                SecureDirectoryStream<Path> next = child(top, current, i, create);
                if (current != top) {
                    current.close();
                }
                current = next;
            }
            return current;
        } catch (IOException | RuntimeException e) {
            Descriptors.closeQuietly(current);
            throw e;
        } finally {
            if (current != top) {
                Descriptors.closeQuietly(top);
            }
        }
    }

    private SecureDirectoryStream<Path> child(SecureDirectoryStream<Path> top, SecureDirectoryStream<Path> parent,
                                              int index, boolean create) throws IOException {
        try {
            return openDirectory(parent, index);
        } catch (NoSuchFileException e) {
            if (!create) {
                throw e;
            }
        }
        makeDirectory(top, parent, index);
        return openDirectory(parent, index);
    }

    private SecureDirectoryStream<Path> openDirectory(SecureDirectoryStream<Path> parent, int index) throws IOException {
        try {
            return parent.newDirectoryStream(Path.of(segments[index]), LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw refusedIfSymlink(parent, index, e);
        }
    }

    /** Makes directory {@code segments[index]} in {@code parent}; see the class comment. */
    private void makeDirectory(SecureDirectoryStream<Path> top, SecureDirectoryStream<Path> parent, int index)
            throws IOException {
        if (exists(parent, Path.of(segments[index]))) {
            return; // made by another writer meanwhile; checked first because renameat would replace it if empty
        }
        Path temp = Path.of(TEMP_DIR_PREFIX + UUID.randomUUID());
        Files.createDirectory(root.resolve(temp.toString()));
        try {
            top.move(temp, parent, Path.of(segments[index]));
        } catch (AtomicMoveNotSupportedException e) {
            removeDirectoryQuietly(top, temp);
            try {
                Files.createDirectory(root.resolve(prefix(index)));
            } catch (FileAlreadyExistsException made) {
                // made by another writer meanwhile: the re-open checks what it is
            }
        } catch (IOException e) {
            // another writer made it first, or the name is a file or a symlink now: the re-open tells which
            removeDirectoryQuietly(top, temp);
        }
    }

    private IOException refusedIfSymlink(SecureDirectoryStream<Path> parent, int index, IOException e) {
        try {
            if (Descriptors.attributes(parent, Path.of(segments[index])).isSymbolicLink()) {
                return new SymlinkRefusedException(siloId, key, prefix(index), e);
            }
        } catch (IOException statFailed) {
            e.addSuppressed(statFailed);
        }
        return e;
    }

    private String prefix(int index) {
        return String.join("/", Arrays.copyOf(segments, index + 1));
    }

    private static void removeDirectoryQuietly(SecureDirectoryStream<Path> dir, Path name) {
        try {
            dir.deleteDirectory(name);
        } catch (IOException e) {
            // an empty leftover in the root; the leftover sweep removes it
        }
    }
}
