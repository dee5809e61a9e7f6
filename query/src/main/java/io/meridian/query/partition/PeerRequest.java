package io.meridian.query.partition;

import io.meridian.query.sql.FileScan;
import java.util.List;

/**
 * What one instance of the query tier asks another for, on {@code POST /internal/v1/files/scan}:
 * the partitions it believes the other owns and what to do on them.
 *
 * @param directory for {@link Mode#CHILDREN}, the directory listed; else null
 * @param limit     for {@link Mode#CHILDREN}, at most this many names
 */
record PeerRequest(Mode mode, List<Integer> partitions, FileScan scan, String directory, int limit) {
    enum Mode {
        /** Matching rows, projected: {@code ROW} frames in path order. */
        ROWS,
        /** Matching rows whole (their stored records): {@code ROW} frames in path order. */
        RECORDS,
        /** The number of matching rows: one {@code COUNT} frame. */
        COUNT,
        /** A directory's direct children ({@code ROW} frames of a name each), in path order. */
        CHILDREN,
        /** The store's estimate of its number of files: one {@code COUNT} frame. */
        ESTIMATE
    }

    PeerRequest {
        if (mode == null || partitions == null || partitions.isEmpty()) {
            throw new IllegalArgumentException("a peer request needs a mode and at least one partition");
        }
        partitions = List.copyOf(partitions);
        if ((mode == Mode.ROWS || mode == Mode.RECORDS || mode == Mode.COUNT) && scan == null) {
            throw new IllegalArgumentException(mode + " needs a scan");
        }
        if (mode == Mode.CHILDREN && (directory == null || !directory.endsWith("/") || limit < 1)) {
            throw new IllegalArgumentException("CHILDREN needs a directory ending in '/' and a limit of at least 1");
        }
    }
}
