package io.meridian.watchers.posix;

import java.nio.file.Path;

/**
 * Detects file names that are not valid UTF-8. The JDK decodes such names with U+FFFD in place of
 * the bad bytes, so the decoded name no longer names the file: publishing it would silently rename
 * the file in the global namespace. A name is refused when it contains U+FFFD and does not survive
 * re-encoding (a genuine U+FFFD in a valid name round-trips and is kept).
 */
final class NameCheck {
    private static final char REPLACEMENT = '\uFFFD';

    private NameCheck() {
    }

    /** Null when the name is usable, else the reason to skip it. */
    static String problem(Path path) {
        Path name = path.getFileName();
        if (name == null || name.toString().indexOf(REPLACEMENT) < 0) {
            return null;
        }
        // Paths compare by their bytes: only a valid name survives decoding and re-encoding unchanged.
        if (path.resolveSibling(name.toString()).equals(path)) {
            return null;
        }
        return "name is not valid UTF-8 (shown as '" + name + "'); rename it to publish it";
    }
}
