package io.meridian.query.store;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every file on this process's heap, in a {@link ConcurrentSkipListMap} by path: the single-copy
 * query store. Queries read rows without deserializing them, which is what keeps a filter over a
 * million files under a second; the cost is heap, roughly 1–2 KB per file (see docs/SCALING.md for
 * where the partitioned index takes over). One writer, any number of readers.
 */
public final class HeapFileIndex implements FileIndex {
    private final ConcurrentSkipListMap<String, FileRow> files = new ConcurrentSkipListMap<>();

    /** Adds or replaces the row at its path. */
    void put(FileRow row) {
        files.put(row.path(), row);
    }

    /** Removes the file at {@code path}; false when there was none. */
    boolean remove(String path) {
        return files.remove(path) != null;
    }

    @Override
    public Optional<FileRow> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    @Override
    public Iterable<FileRow> range(String from, String to) {
        NavigableMap<String, FileRow> view = to == null ? files.tailMap(from, true) : files.subMap(from, true, to, false);
        return view.values();
    }

    /** {@inheritDoc} Skips over each subdirectory's keys in one jump, so listing costs the children, not the subtree. */
    @Override
    public List<String> children(String directory, int limit) {
        List<String> out = new ArrayList<>();
        String end = MetadataStore.prefixEnd(directory);
        String key = files.ceilingKey(directory);
        while (key != null && (end == null || key.compareTo(end) < 0) && out.size() < limit) {
            int slash = key.indexOf('/', directory.length());
            if (slash < 0) {
                out.add(key);
                key = files.higherKey(key);
            } else {
                String sub = key.substring(0, slash + 1);
                out.add(sub);
                String subEnd = MetadataStore.prefixEnd(sub);
                key = subEnd == null ? null : files.ceilingKey(subEnd);
            }
        }
        return out;
    }

    @Override
    public long fileCount() {
        return files.size();
    }
}
