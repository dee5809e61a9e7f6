package io.meridian.storage.posix;

import io.meridian.storage.ObjectStat;
import io.meridian.storage.SymlinkRefusedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Operations on names relative to an open directory ({@link SecureDirectoryStream}, on Linux a directory
 * descriptor used with the {@code *at} system calls), shared by {@link ConfinedPath}, {@link ConfinedWalk}
 * and {@link PosixSiloStore}. None of them follows a symlink in the name it is given.
 */
final class Descriptors {
    private static final int ATTEMPTS = 3;
    private static final String UNIX_ATTRIBUTES = "unix:size,lastModifiedTime,mode,dev,ino,fileKey";

    private Descriptors() {
    }

    /** The silo root, opened for one operation. */
    static SecureDirectoryStream<Path> openRoot(Path root) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new IOException("this platform has no SecureDirectoryStream (openat); Meridian cannot keep file "
                + "operations inside silo root " + root + " without it and refuses to use the silo");
    }

    /** The attributes of {@code name} in {@code dir} itself, a symlink included ({@code fstatat}, no follow). */
    static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
    }

    /**
     * The stat of a regular file {@code name} in {@code dir}. Type, size and mtime come from {@code dir}'s
     * descriptor; mode and device:inode (which Java reads by path only) from {@code file}'s path, accepted
     * only when that path leads to the very inode seen through the descriptor.
     */
    static ObjectStat stat(String siloId, SecureDirectoryStream<Path> dir, Path name, String key, Path file)
            throws IOException {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            BasicFileAttributes confined = attributes(dir, name);
            if (confined.isSymbolicLink()) {
                throw new SymlinkRefusedException(siloId, key, key, null);
            }
            if (!confined.isRegularFile()) {
                throw new IOException(file + " in silo " + siloId + " is not a regular file");
            }
            Map<String, Object> a;
            try {
                a = Files.readAttributes(file, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException | NotDirectoryException elsewhere) {
                continue; // the path leads elsewhere now (see below)
            }
            if (confined.fileKey().equals(a.get("fileKey"))) {
                return new ObjectStat(key, confined.size(), confined.lastModifiedTime().toMillis(),
                        ((Integer) a.get("mode")) & 07777, null, null, a.get("dev") + ":" + a.get("ino"));
            }
            // replaced by a rename, or a directory of its path swapped: the path read is not this file's
        }
        throw new IOException(file + " in silo " + siloId + " kept changing while it was examined; try again");
    }

    static FileChannel fileChannel(SeekableByteChannel channel) throws IOException {
        if (channel instanceof FileChannel file) {
            return file;
        }
        channel.close();
        throw new IOException("the file system provider returned a " + channel.getClass().getName()
                + " where a FileChannel was expected; Meridian supports the JDK's own POSIX provider only");
    }

    /** The permission bits of {@code mode} (its low nine bits). */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, bit 8 .. bit 0
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (all.length - 1 - i))) != 0) {
                set.add(all[i]);
            }
        }
        return set;
    }

    /** Closes a directory descriptor or channel that was only read through. */
    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing written through it can be lost
        }
    }
}
