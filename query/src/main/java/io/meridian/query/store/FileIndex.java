package io.meridian.query.store;

import java.util.List;
import java.util.Optional;

/**
 * The files of the global namespace as this process reads them, sorted by logical path so that a
 * directory subtree is one key range. Two kinds: {@link HeapFileIndex}, a full copy on this
 * process's heap, and the partitioned index of the query tier (each {@code serve} holding only its
 * partitions, the others asked over the network), which answers the same calls with the same rows.
 *
 * <p>Thread-safe. Iterables may be read while the index changes; each row is seen either before or
 * after a change.
 */
public interface FileIndex {
    /** The file at {@code path}, if any. */
    Optional<FileRow> file(String path);

    /** Files whose path is in [{@code from}, {@code to}), in path order; {@code to} null means no upper bound. */
    Iterable<FileRow> range(String from, String to);

    /**
     * The direct children of a directory, like {@code ls}: files directly in it and the names of its
     * subdirectories (ending in '/'), in path order, at most {@code limit}.
     */
    List<String> children(String directory, int limit);

    /** How many files there are (the partitioned index gives RocksDB's estimate; SQL's count(*) is exact). */
    long fileCount();
}
