package io.meridian.classifier.tags;

import io.meridian.schemas.Tag;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The tags set on directories, as one task sees them: the state store (durable, changelogged) with
 * an in-memory mirror in front, because every file change looks up each of its ancestors and there
 * are few tagged directories. Load it in the processor's {@code init}, which runs after the store
 * is restored; change it only through {@link #put}.
 */
public final class DirectoryTags {
    private final KeyValueStore<String, Map<String, Tag>> store;
    private final Map<String, Map<String, Tag>> mirror = new HashMap<>();

    public DirectoryTags(KeyValueStore<String, Map<String, Tag>> store) {
        this.store = store;
        try (KeyValueIterator<String, Map<String, Tag>> all = store.all()) {
            all.forEachRemaining(entry -> mirror.put(entry.key, entry.value));
        }
    }

    /** The tags set on {@code directory}, or null. */
    public Map<String, Tag> get(String directory) {
        return mirror.isEmpty() ? null : mirror.get(directory);
    }

    /** Replaces the tags of a directory (empty: removes them). */
    public void put(String directory, Map<String, Tag> tags) {
        if (tags.isEmpty()) {
            store.delete(directory);
            mirror.remove(directory);
        } else {
            store.put(directory, tags);
            mirror.put(directory, tags);
        }
    }
}
