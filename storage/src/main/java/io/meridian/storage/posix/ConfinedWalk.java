package io.meridian.storage.posix;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;

/**
 * A depth-first walk of a silo subtree through directory descriptors: each directory is opened relative
 * to its parent's descriptor with {@code O_NOFOLLOW}, so the walk never enters a symlink, not even one
 * swapped in for a directory while the walk runs (that directory is skipped). Entries that vanish
 * meanwhile are skipped too.
 */
final class ConfinedWalk {
    /** Receives every entry the walk does not descend into, with its own (not followed) attributes. */
    interface Visitor {
        void visit(SecureDirectoryStream<Path> dir, Path name, String key, BasicFileAttributes attributes)
                throws IOException;
    }

    private ConfinedWalk() {
    }

    /**
     * Walks {@code dir}, whose key is {@code dirKey} ("" for the root), descending into the directories
     * whose key {@code enter} accepts.
     */
    static void walk(SecureDirectoryStream<Path> dir, String dirKey, Predicate<String> enter, Visitor visitor)
            throws IOException {
        try {
            for (Path entry : dir) {
                Path name = entry.getFileName();
                String key = dirKey.isEmpty() ? name.toString() : dirKey + "/" + name;
                BasicFileAttributes attributes;
                try {
                    attributes = Descriptors.attributes(dir, name);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (attributes.isDirectory() && enter.test(key)) {
                    descend(dir, name, key, enter, visitor);
                } else {
                    visitor.visit(dir, name, key, attributes);
                }
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    private static void descend(SecureDirectoryStream<Path> dir, Path name, String key, Predicate<String> enter,
                                Visitor visitor) throws IOException {
        SecureDirectoryStream<Path> sub;
        try {
            sub = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return;
        } catch (IOException e) {
            if (isSymlink(dir, name)) {
                return; // a symlink now, where a directory was a moment ago: never entered
            }
            throw e;
        }
        try (sub) {
            walk(sub, key, enter, visitor);
        }
    }

    private static boolean isSymlink(SecureDirectoryStream<Path> dir, Path name) {
        try {
            return Descriptors.attributes(dir, name).isSymbolicLink();
        } catch (IOException e) {
            return false;
        }
    }
}
