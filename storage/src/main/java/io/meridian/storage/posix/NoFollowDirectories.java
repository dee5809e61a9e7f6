package io.meridian.storage.posix;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;

/**
 * Opens a directory below a silo root for listing so that no component below the root is a symlink:
 * the root is opened by path, then each component with {@code openat(parent, name, O_NOFOLLOW)}. For
 * the POSIX watcher's tree scan, whose directory may have been swapped for a symlink since it was seen.
 * The entries it lists are paths below {@code root}, as {@link java.nio.file.Files#newDirectoryStream} gives.
 */
public final class NoFollowDirectories {
    private NoFollowDirectories() {
    }

    /**
     * Opens {@code dir}, which is {@code root} or below it ({@code root} absolute and normalized).
     *
     * @throws FileSystemException naming the component when one below the root is a symlink
     */
    public static DirectoryStream<Path> open(Path root, Path dir) throws IOException {
        if (!dir.startsWith(root)) {
            throw new IllegalArgumentException(dir + " is not below " + root);
        }
        SecureDirectoryStream<Path> current = Descriptors.openRoot(root);
        try {
            for (Path name : root.relativize(dir)) {
                if (name.toString().isEmpty()) {
                    break; // dir is the root itself
                }
                SecureDirectoryStream<Path> next = child(current, name, dir);
                current.close();
                current = next;
            }
            return current;
        } catch (IOException | RuntimeException e) {
            Descriptors.closeQuietly(current);
            throw e;
        }
    }

    private static SecureDirectoryStream<Path> child(SecureDirectoryStream<Path> parent, Path name, Path dir)
            throws IOException {
        try {
            return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            if (Descriptors.attributes(parent, name).isSymbolicLink()) {
                throw new FileSystemException(dir.toString(), null, "path component '" + name
                        + "' is a symlink; Meridian never follows symlinks");
            }
            throw e;
        }
    }
}
