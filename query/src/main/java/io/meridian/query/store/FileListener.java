package io.meridian.query.store;

/**
 * Told of every change of the {@code files} table, on the materializer's thread, in the order of
 * the changes of each path. Must return quickly: hand the row to another thread if it blocks.
 */
@FunctionalInterface
public interface FileListener {
    /** {@code row} is the new row, or null when the file was deleted (tombstone). */
    void changed(String path, FileRow row);
}
