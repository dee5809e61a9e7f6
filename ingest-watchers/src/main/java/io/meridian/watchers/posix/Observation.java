package io.meridian.watchers.posix;

import io.meridian.schemas.FileEvent;
import java.nio.file.Path;

/**
 * What a look at one directory entry found: a file-like entry with its event, a directory to descend
 * into, an entry skipped for a reason (a name that is not valid UTF-8 or not a valid logical path),
 * or a directory that could not be read (with its UNREADABLE event).
 */
record Observation(Kind kind, Path path, FileEvent event, String reason) {

    enum Kind { ENTRY, DIRECTORY, SKIPPED, UNREADABLE }

    static Observation entry(Path path, FileEvent event) {
        return new Observation(Kind.ENTRY, path, event, null);
    }

    static Observation directory(Path path) {
        return new Observation(Kind.DIRECTORY, path, null, null);
    }

    static Observation skipped(Path path, String reason) {
        return new Observation(Kind.SKIPPED, path, null, reason);
    }

    static Observation unreadable(Path path, FileEvent event, String reason) {
        return new Observation(Kind.UNREADABLE, path, event, reason);
    }
}
