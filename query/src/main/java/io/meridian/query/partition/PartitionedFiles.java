package io.meridian.query.partition;

import io.meridian.http.HttpException;
import io.meridian.query.sql.DistributedScan;
import io.meridian.query.sql.FileScan;
import io.meridian.query.sql.PathRange;
import io.meridian.query.sql.QueryTimeoutException;
import io.meridian.query.store.FileIndex;
import io.meridian.query.store.FileRow;
import io.meridian.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The files of the partitioned query tier: each {@code serve} instance holds only the partitions of
 * {@code meridian.metadata} its Kafka Streams task owns, in RocksDB ({@link OwnedPartitions}); this
 * index answers every call across all of them. A scan runs where the rows are: this instance's
 * partitions here, every other owner's over {@code POST /internal/v1/files/scan} ({@link PeerClient}),
 * each filtering and projecting (or only counting) before anything crosses the network; the sorted
 * answers are merged in path order. A single file is read from its one owner.
 *
 * <p>Owners come from Kafka Streams' metadata ({@code application.server} of each instance). While the
 * group rebalances an owner may refuse a partition it just lost, or not answer: the call looks up the
 * owners again and retries until its deadline (the query's, or {@link #WAIT}), then fails with 503.
 *
 * <p>Paths are in code point order (the UTF-8 byte order of the stores), which differs from
 * {@link String#compareTo} only for paths with characters beyond U+FFFF or in U+E000–U+FFFF.
 */
public final class PartitionedFiles implements FileIndex, DistributedScan {
    /** How long a call that is not a query (a file, a listing, a count) waits for the owners. */
    public static final Duration WAIT = Duration.ofSeconds(30);
    private static final long RETRY_MILLIS = 100;

    /** What exists once the tier runs. */
    record Running(KafkaStreams streams, HostInfo self, int partitions, OwnedPartitions local, PeerClient peers) {
    }

    private volatile Running running;
    private final ExecutorService askers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "meridian-query-peers");
        t.setDaemon(true);
        return t;
    });

    void attach(Running now) {
        this.running = now;
    }

    void detach() {
        this.running = null;
    }

    /** The partitions this instance owns now; empty before start and while some partition has no owner. */
    public List<Integer> ownedPartitions() {
        Running r = running;
        if (r == null) {
            return List.of();
        }
        try {
            return owners(r).getOrDefault(r.self(), List.of());
        } catch (OwnedPartitions.NotOwnerException e) {
            return List.of();
        }
    }

    /** The files this instance holds itself, counted exactly (keys only, nothing decoded: O(files held)). */
    public long ownedFileCount() {
        Running r = running;
        List<Integer> mine = ownedPartitions();
        return r == null || mine.isEmpty() ? 0 : r.local().count(mine, FileScan.count());
    }

    private Running running() {
        Running r = running;
        if (r == null) {
            throw new OwnedPartitions.NotOwnerException(-1, "the partitioned query store is not running");
        }
        return r;
    }

    /** Every partition's active owner; throws {@link OwnedPartitions.NotOwnerException} while one has none. */
    private static Map<HostInfo, List<Integer>> owners(Running r) {
        Map<HostInfo, List<Integer>> out = new LinkedHashMap<>();
        TreeSet<Integer> covered = new TreeSet<>();
        for (StreamsMetadata member : r.streams().metadataForAllStreamsClients()) {
            for (TopicPartition tp : member.topicPartitions()) {
                if (tp.topic().equals(Topics.METADATA) && covered.add(tp.partition())) {
                    out.computeIfAbsent(member.hostInfo(), h -> new ArrayList<>()).add(tp.partition());
                }
            }
        }
        for (int p = 0; p < r.partitions(); p++) {
            if (!covered.contains(p)) {
                throw new OwnedPartitions.NotOwnerException(p, "no instance owns it now; the query tier is rebalancing");
            }
        }
        out.values().forEach(list -> list.sort(Integer::compare));
        return out;
    }

    /** Runs {@code work} on the current owners, looking them up again after a refusal, until {@code deadline}. */
    private <T> T attempt(long deadline, Function<Map<HostInfo, List<Integer>>, T> work, Function<String, RuntimeException> giveUp) {
        while (true) {
            try {
                Running r = running();
                return work.apply(owners(r));
            } catch (OwnedPartitions.NotOwnerException e) {
                if (System.nanoTime() + RETRY_MILLIS * 1_000_000 > deadline) {
                    throw giveUp.apply("the query tier could not answer in time: " + e.getMessage() + "; retry");
                }
                sleep();
            } catch (CompletionException e) {
                if (e.getCause() instanceof OwnedPartitions.NotOwnerException && System.nanoTime() + RETRY_MILLIS * 1_000_000 <= deadline) {
                    sleep();
                } else {
                    throw e.getCause() instanceof RuntimeException re ? re : e;
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryTimeoutException("interrupted while waiting for the query tier");
        }
    }

    private static long deadline() {
        return System.nanoTime() + WAIT.toNanos();
    }

    private static RuntimeException unavailable(String message) {
        return new HttpException(503, message);
    }

    @Override
    public CloseableRows scan(FileScan scan, long deadlineNanos) {
        if (scan.countOnly()) {
            return emptyRows(count(scan, deadlineNanos));
        }
        SortedSource rows = attempt(deadlineNanos, owners -> open(owners, scan, false, deadlineNanos), QueryTimeoutException::new);
        return new CloseableRows() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Object[] next() {
                return rows.next().values();
            }

            @Override
            public void close() {
                rows.close();
            }
        };
    }

    @Override
    public long count(FileScan scan, long deadlineNanos) {
        return attempt(deadlineNanos, owners -> sum(owners, deadlineNanos,
                (r, parts) -> r.local().count(parts, scan),
                parts -> new PeerRequest(PeerRequest.Mode.COUNT, parts, scan, null, 0)), QueryTimeoutException::new);
    }

    private SortedSource open(Map<HostInfo, List<Integer>> owners, FileScan scan, boolean whole, long deadlineNanos) {
        Running r = running();
        List<SortedSource> sources = new ArrayList<>();
        try {
            for (Map.Entry<HostInfo, List<Integer>> owner : owners.entrySet()) {
                if (owner.getKey().equals(r.self())) {
                    sources.add(r.local().rows(owner.getValue(), scan, whole));
                } else {
                    PeerRequest request = new PeerRequest(whole ? PeerRequest.Mode.RECORDS : PeerRequest.Mode.ROWS,
                            owner.getValue(), scan, null, 0);
                    sources.add(r.peers().rows(owner.getKey(), request, deadlineNanos, r.local()::row));
                }
            }
        } catch (RuntimeException e) {
            sources.forEach(SortedSource::close);
            throw e;
        }
        return SortedSource.merge(sources);
    }

    /** The sum over owners of a count: this instance's here, the others' asked at the same time. */
    private long sum(Map<HostInfo, List<Integer>> owners, long deadlineNanos,
                     java.util.function.BiFunction<Running, List<Integer>, Long> here,
                     Function<List<Integer>, PeerRequest> ask) {
        Running r = running();
        List<CompletableFuture<Long>> asked = new ArrayList<>();
        long n = 0;
        for (Map.Entry<HostInfo, List<Integer>> owner : owners.entrySet()) {
            if (!owner.getKey().equals(r.self())) {
                asked.add(CompletableFuture.supplyAsync(() -> r.peers().count(owner.getKey(), ask.apply(owner.getValue()), deadlineNanos), askers));
            }
        }
        List<Integer> mine = owners.get(r.self());
        if (mine != null) {
            n += here.apply(r, mine);
        }
        for (CompletableFuture<Long> f : asked) {
            n += f.join();
        }
        return n;
    }

    private static CloseableRows emptyRows(long count) {
        return new CloseableRows() {
            private long left = count;

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public Object[] next() {
                if (left == 0) {
                    throw new NoSuchElementException();
                }
                left--;
                return new Object[0];
            }

            @Override
            public void close() {
                left = 0;
            }
        };
    }

    @Override
    public Optional<FileRow> file(String path) {
        long deadline = deadline();
        while (true) {
            Running r = running;
            KeyQueryMetadata where = r == null ? KeyQueryMetadata.NOT_AVAILABLE
                    : r.streams().queryMetadataForKey(OwnedPartitions.STORE, path, Serdes.String().serializer());
            try {
                if (where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                    throw new OwnedPartitions.NotOwnerException(-1, "the owner of " + path + " is not known yet");
                }
                if (where.activeHost().equals(r.self())) {
                    return r.local().file(where.partition(), path);
                }
                FileScan one = new FileScan(List.of(new PathRange.KeyRange(path, path + '\0')), List.of(), List.of());
                try (SortedSource found = r.peers().rows(where.activeHost(),
                        new PeerRequest(PeerRequest.Mode.RECORDS, List.of(where.partition()), one, null, 0), deadline, r.local()::row)) {
                    return found.hasNext() ? Optional.of(found.next().row()) : Optional.empty();
                }
            } catch (OwnedPartitions.NotOwnerException e) {
                if (System.nanoTime() > deadline) {
                    throw unavailable("the query tier could not find the owner of " + path + " in time: " + e.getMessage() + "; retry");
                }
                sleep();
            }
        }
    }

    /** {@inheritDoc} Each iteration is one scan across the owners; read it to the end (that closes it). */
    @Override
    public Iterable<FileRow> range(String from, String to) {
        FileScan scan = new FileScan(List.of(new PathRange.KeyRange(from, to)), List.of(), List.of());
        return () -> {
            SortedSource rows = attempt(deadline(), owners -> open(owners, scan, true, deadline()), PartitionedFiles::unavailable);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    boolean more = rows.hasNext();
                    if (!more) {
                        rows.close();
                    }
                    return more;
                }

                @Override
                public FileRow next() {
                    return rows.next().row();
                }
            };
        };
    }

    @Override
    public List<String> children(String directory, int limit) {
        long deadline = deadline();
        return attempt(deadline, owners -> {
            Running r = running();
            List<List<String>> each = new ArrayList<>();
            for (Map.Entry<HostInfo, List<Integer>> owner : owners.entrySet()) {
                each.add(owner.getKey().equals(r.self()) ? r.local().children(owner.getValue(), directory, limit)
                        : r.peers().children(owner.getKey(),
                        new PeerRequest(PeerRequest.Mode.CHILDREN, owner.getValue(), null, directory, limit), deadline));
            }
            return Children.merge(each, limit);
        }, PartitionedFiles::unavailable);
    }

    /** {@inheritDoc} RocksDB's estimate, summed over the owners. */
    @Override
    public long fileCount() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        return attempt(deadline, owners -> sum(owners, deadline, (r, parts) -> r.local().estimate(parts),
                parts -> new PeerRequest(PeerRequest.Mode.ESTIMATE, parts, null, null, 0)), PartitionedFiles::unavailable);
    }
}
