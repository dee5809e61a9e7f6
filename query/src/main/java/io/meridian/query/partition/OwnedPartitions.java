package io.meridian.query.partition;

import io.meridian.query.sql.FileScan;
import io.meridian.query.sql.PathRange;
import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataStore;
import io.meridian.schemas.FileRecord;
import io.meridian.topics.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The partitions of {@code meridian.metadata} this instance owns, each a RocksDB store of path →
 * stored record bytes kept by this instance's Kafka Streams task, and the scans run on them. Only
 * active partitions answer: a partition this instance does not own (or is still restoring, or is
 * moving away in a rebalance) throws {@link NotOwnerException}, so the asker looks again.
 *
 * <p>Stores are sorted by the UTF-8 bytes of the path; every answer is in that order.
 */
final class OwnedPartitions {
    /** The name of the Streams store holding this instance's partitions. */
    static final String STORE = "query-files";

    /** Thrown when asked for a partition this instance does not hold as active now. */
    static final class NotOwnerException extends RuntimeException {
        NotOwnerException(int partition, String why) {
            super("partition " + partition + " of the metadata is not served here now (" + why + ")");
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OwnedPartitions.class);

    private final Supplier<KafkaStreams> streams;
    private final Topic<String, FileRecord> records;

    OwnedPartitions(Supplier<KafkaStreams> streams, Topic<String, FileRecord> records) {
        this.streams = streams;
        this.records = records;
    }

    /** The store of {@code partition}; throws {@link NotOwnerException} unless it is active here. */
    ReadOnlyKeyValueStore<String, byte[]> store(int partition) {
        KafkaStreams app = streams.get();
        if (app == null) {
            throw new NotOwnerException(partition, "the query store is not running");
        }
        try {
            return app.store(StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())
                    .withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw new NotOwnerException(partition, e.getMessage());
        }
    }

    /** Checks that every one of {@code partitions} is active and readable here, before anything is answered. */
    void checkOwned(List<Integer> partitions) {
        estimate(partitions);
    }

    /**
     * Runs a read of {@code partition}'s store; a store that stops being readable (the task moved or
     * is restoring) is a {@link NotOwnerException}, so the asker looks for the owner again.
     */
    private <T> T read(int partition, java.util.function.Function<ReadOnlyKeyValueStore<String, byte[]>, T> reading) {
        try {
            return reading.apply(store(partition));
        } catch (InvalidStateStoreException e) {
            throw new NotOwnerException(partition, e.getMessage());
        }
    }

    /**
     * The row of a stored record; null for one that does not decode (logged at each read, never
     * stopping a scan: the metadata topic's only writer is the classifier, so this is rare).
     */
    FileRow row(byte[] stored) {
        try {
            return FileRow.of(records.value(stored));
        } catch (RuntimeException e) {
            LOG.warn("Skipped a stored file record that does not decode: {}", e.getMessage());
            return null;
        }
    }

    /** The stored record of {@code path} in {@code partition}, if any. */
    Optional<FileRow> file(int partition, String path) {
        byte[] stored = read(partition, store -> store.get(path));
        return stored == null ? Optional.empty() : Optional.ofNullable(row(stored));
    }

    /** The matching rows of {@code partitions}, in path order; whole rows when {@code whole}, else projected. */
    SortedSource rows(List<Integer> partitions, FileScan scan, boolean whole) {
        List<SortedSource> sources = new ArrayList<>();
        Predicate<FileRow> matches = scan.matcher();
        try {
            for (int p : partitions) {
                sources.add(read(p, store -> new Rows(store, scan, matches, whole)));
            }
        } catch (RuntimeException e) {
            sources.forEach(SortedSource::close);
            throw e;
        }
        return SortedSource.merge(sources);
    }

    /** How many rows of {@code partitions} match; without conditions, counted without decoding a record. */
    long count(List<Integer> partitions, FileScan scan) {
        long n = 0;
        boolean decode = !scan.conditions().isEmpty();
        Predicate<FileRow> matches = scan.matcher();
        for (int p : partitions) {
            n += read(p, store -> {
                long counted = 0;
                for (PathRange.KeyRange range : storeRanges(scan)) {
                    try (KeyValueIterator<String, byte[]> it = store.range(range.from(), range.to())) {
                        while (it.hasNext()) {
                            KeyValue<String, byte[]> kv = it.next();
                            if (scan.inRanges(kv.key) && (!decode || matchesRow(matches, row(kv.value)))) {
                                counted++;
                            }
                        }
                    }
                }
                return counted;
            });
        }
        return n;
    }

    private static boolean matchesRow(Predicate<FileRow> matches, FileRow row) {
        return row != null && matches.test(row);
    }

    /** The direct children of {@code directory} in {@code partitions}, in path order, at most {@code limit}. */
    List<String> children(List<Integer> partitions, String directory, int limit) {
        List<List<String>> each = new ArrayList<>();
        for (int p : partitions) {
            each.add(read(p, store -> children(store, directory, limit)));
        }
        return Children.merge(each, limit);
    }

    private static List<String> children(ReadOnlyKeyValueStore<String, byte[]> store, String directory, int limit) {
        List<String> out = new ArrayList<>();
        String end = MetadataStore.prefixEnd(directory);
        String from = directory;
        while (out.size() < limit && from != null) {
            String key;
            try (KeyValueIterator<String, byte[]> it = store.range(from, end)) {
                key = it.hasNext() ? it.next().key : null;
            }
            if (key == null || (end != null && key.equals(end))) {
                break;
            }
            int slash = key.indexOf('/', directory.length());
            if (slash < 0) {
                out.add(key);
                from = key + '\0';
            } else {
                String sub = key.substring(0, slash + 1);
                out.add(sub);
                from = MetadataStore.prefixEnd(sub);
            }
        }
        return out;
    }

    /** RocksDB's estimate of the files in {@code partitions}. */
    long estimate(List<Integer> partitions) {
        long n = 0;
        for (int p : partitions) {
            n += read(p, ReadOnlyKeyValueStore::approximateNumEntries);
        }
        return n;
    }

    /**
     * The ranges to read from a store, whose bounds are inclusive and in UTF-8 byte order. A bound
     * with a character from U+D800 up may sort differently in UTF-16 ({@link String#compareTo}, the
     * order of the ranges): then the whole store is read and {@link FileScan#inRanges} decides.
     */
    private static List<PathRange.KeyRange> storeRanges(FileScan scan) {
        for (PathRange.KeyRange r : scan.ranges()) {
            if (beyondBmpOrder(r.from()) || (r.to() != null && beyondBmpOrder(r.to()))) {
                return List.of(new PathRange.KeyRange(null, null));
            }
        }
        return scan.ranges().stream().map(r -> new PathRange.KeyRange(r.from().isEmpty() ? null : r.from(), r.to())).toList();
    }

    private static boolean beyondBmpOrder(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= '\uD800') {
                return true;
            }
        }
        return false;
    }

    /** The rows of one store in the scan's ranges, one range after another. */
    private final class Rows extends SortedSource.Reading {
        private final ReadOnlyKeyValueStore<String, byte[]> store;
        private final FileScan scan;
        private final Predicate<FileRow> matches;
        private final boolean whole;
        private final List<PathRange.KeyRange> ranges;
        private int nextRange;
        private KeyValueIterator<String, byte[]> open;

        Rows(ReadOnlyKeyValueStore<String, byte[]> store, FileScan scan, Predicate<FileRow> matches, boolean whole) {
            this.store = store;
            this.scan = scan;
            this.matches = matches;
            this.whole = whole;
            this.ranges = storeRanges(scan);
            PathRange.KeyRange first = ranges.get(nextRange++);
            this.open = store.range(first.from(), first.to()); // a store that is not readable fails here, before any row
        }

        @Override
        protected Keyed read() {
            try {
                return advance();
            } catch (InvalidStateStoreException e) {
                close();
                throw new IllegalStateException("a partition moved to another instance during the scan ("
                        + e.getMessage() + "); run the query again", e);
            }
        }

        private Keyed advance() {
            while (true) {
                if (open == null) {
                    if (nextRange == ranges.size()) {
                        return null;
                    }
                    PathRange.KeyRange r = ranges.get(nextRange++);
                    open = store.range(r.from(), r.to());
                }
                if (!open.hasNext()) {
                    open.close();
                    open = null;
                    continue;
                }
                KeyValue<String, byte[]> kv = open.next();
                if (!scan.inRanges(kv.key)) {
                    continue; // the inclusive upper bound, or outside after a whole-store read
                }
                FileRow row = row(kv.value);
                if (row != null && matches.test(row)) {
                    return whole ? new Keyed(kv.key, null, row, kv.value) : new Keyed(kv.key, scan.project(row), null, null);
                }
            }
        }

        @Override
        public void close() {
            if (open != null) {
                open.close();
                open = null;
            }
            nextRange = ranges.size();
        }
    }
}
