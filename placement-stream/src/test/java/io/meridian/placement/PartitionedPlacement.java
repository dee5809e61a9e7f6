package io.meridian.placement;

import io.meridian.placement.staging.StagingProgress;
import io.meridian.placement.staging.StagingStatusProcessor;
import io.meridian.placement.staging.StagingTotals;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import io.meridian.streams.StateSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The placement topology over several partitions of meridian.metadata, on TopologyTestDrivers: one
 * {@link PlacementDriver} per partition, each running the whole topology with settings for that many
 * partitions. Files and move results go to the driver of the partition Kafka's default partitioner
 * picks for their path; silos, policies and staging requests (global tables) go to every driver; the
 * wall clock advances on all of them together. A TopologyTestDriver runs its one task as partition 0,
 * so the per-partition staging progress each driver writes to its repartition topic is stamped here
 * with the driver's real partition and summed by one {@link StagingStatusProcessor}, as the re-keyed
 * topic is summed across tasks in a real deployment.
 */
public final class PartitionedPlacement implements AutoCloseable {
    private static final String TOTALS = "totals";

    private final List<PlacementDriver> partitions = new ArrayList<>();
    private final List<TestOutputTopic<String, StagingProgress>> progress = new ArrayList<>();
    private final MockProcessorContext<String, StagingStatus> statusContext = new MockProcessorContext<>();
    private final StagingStatusProcessor summing = new StagingStatusProcessor(TOTALS, PlacementDriver.TICK,
            PlacementMetrics.unregistered().staging());
    private long now = Fixtures.T0.toEpochMilli();

    public PartitionedPlacement(int count) {
        this(new PlacementSettings(PlacementDriver.TICK, PlacementDriver.LEASE, 30_000, PlacementDriver.BACKOFF, count));
    }

    /** One driver per partition of {@code settings}. */
    public PartitionedPlacement(PlacementSettings settings) {
        for (int p = 0; p < settings.partitions(); p++) {
            PlacementDriver driver = new PlacementDriver(settings);
            partitions.add(driver);
            progress.add(driver.driver.createOutputTopic("placement-test-" + PlacementTopology.PROGRESS_REPARTITION
                    + "-repartition", Serdes.String().deserializer(), PlacementTopology.stateSerde(driver.state, StagingProgress.class).deserializer()));
        }
        KeyValueStore<String, StagingTotals> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TOTALS),
                Serdes.String(), PlacementTopology.stateSerde(new StateSerdes(new InMemorySchemaRegistry()), StagingTotals.class))
                .withLoggingDisabled().build();
        store.init(statusContext.getStateStoreContext(), store);
        statusContext.addStateStore(store);
        summing.init(statusContext);
    }

    /** The partition of meridian.metadata (and of every path-keyed topic) that holds {@code path}. */
    public int partitionOf(String path) {
        return partitionOf(path, partitions.size());
    }

    /** The partition of {@code path} among {@code count}, as Kafka's default partitioner picks it. */
    public static int partitionOf(String path, int count) {
        return Utils.toPositive(Utils.murmur2(path.getBytes(StandardCharsets.UTF_8))) % count;
    }

    /** The partitions {@code paths} fall in, among {@code count}: a test over several partitions checks it uses them all. */
    public static Set<Integer> partitionsOf(Collection<String> paths, int count) {
        return paths.stream().map(p -> partitionOf(p, count)).collect(Collectors.toCollection(TreeSet::new));
    }

    public PartitionedPlacement given(List<Silo> silos, List<Policy> policies) {
        silos.forEach(this::silo);
        policies.forEach(p -> everywhere(d -> d.policies.pipeInput(p.getName(), p)));
        tick();
        return this;
    }

    /** Publishes {@code policy} under {@code name}, or removes the policy when it is null. */
    public void policy(String name, Policy policy) {
        everywhere(d -> d.policies.pipeInput(name, policy));
    }

    public void silo(Silo silo) {
        everywhere(d -> d.silos.pipeInput(silo.getId(), silo));
    }

    public void request(StagingRequest request) {
        everywhere(d -> d.requests.pipeInput(request.getRequestId(), request));
    }

    public void usage(SiloUsage usage) {
        everywhere(d -> d.usage.pipeInput(usage.getSilo(), usage));
    }

    /** A tombstone for the request: its pins end now. */
    public void release(String requestId) {
        everywhere(d -> d.requests.pipeInput(requestId, null));
    }

    public void file(FileRecord record) {
        partitions.get(partitionOf(record.getPath())).file(record);
    }

    /** A tombstone: the file has no instance left. */
    public void deleted(String path) {
        partitions.get(partitionOf(path)).metadata.pipeInput(path, null);
    }

    public void result(MoveResult result) {
        partitions.get(partitionOf(result.getPath())).results.pipeInput(result.getPath(), result);
    }

    /** One tick on every partition, then the summed staging statuses catch up. */
    public void tick() {
        jump(PlacementDriver.TICK);
    }

    /** Moves every partition's wall clock by {@code duration} at once: one punctuation, as {@link PlacementDriver#advance}. */
    public void jump(Duration duration) {
        now += duration.toMillis();
        everywhere(d -> d.advance(duration));
        statusContext.setCurrentSystemTimeMs(now);
        for (int p = 0; p < partitions.size(); p++) {
            for (var kv : progress.get(p).readKeyValuesToList()) {
                StagingProgress v = kv.value;
                summing.process(new Record<>(kv.key, new StagingProgress(v.requestId(), v.jobId(), p, v.partitions(),
                        v.filesTotal(), v.filesReady(), v.bytesTotal(), v.bytesReady(), v.failed(), v.reason(),
                        v.deadline(), v.pinUntil(), v.notAtSite()), now));
            }
        }
        statusContext.scheduledPunctuators().forEach(s -> s.getPunctuator().punctuate(now));
    }

    /** Ticks until {@code duration} has passed. */
    public void advance(Duration duration) {
        for (long t = 0; t < duration.toMillis(); t += PlacementDriver.TICK.toMillis()) {
            tick();
        }
    }

    /** The commands issued by every partition since the last call. */
    public List<MoveCommand> commands() {
        List<MoveCommand> all = new ArrayList<>();
        everywhere(d -> all.addAll(d.commands.readValuesToList()));
        return all;
    }

    public List<PlacementNotice> notices() {
        List<PlacementNotice> all = new ArrayList<>();
        everywhere(d -> all.addAll(d.notices.readValuesToList()));
        return all;
    }

    /** The driver of each partition, in partition order. */
    public List<PlacementDriver> drivers() {
        return List.copyOf(partitions);
    }

    /** Every entry of the store {@code name}, from every partition, keyed by partition. */
    public <V> Map<Integer, List<KeyValue<String, V>>> stores(String name) {
        Map<Integer, List<KeyValue<String, V>>> all = new TreeMap<>();
        for (int p = 0; p < partitions.size(); p++) {
            List<KeyValue<String, V>> entries = new ArrayList<>();
            KeyValueStore<String, V> store = partitions.get(p).driver.getKeyValueStore(name);
            try (KeyValueIterator<String, V> it = store.all()) {
                it.forEachRemaining(entries::add);
            }
            all.put(p, entries);
        }
        return all;
    }

    /** Every summed status published so far, oldest first. */
    public List<StagingStatus> statuses() {
        return statusContext.forwarded().stream().map(f -> (StagingStatus) f.record().value()).toList();
    }

    /** The latest summed status, or null before the first. */
    public StagingStatus status() {
        List<StagingStatus> all = statuses();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private void everywhere(Consumer<PlacementDriver> action) {
        partitions.forEach(action);
    }

    @Override
    public void close() {
        everywhere(PlacementDriver::close);
    }
}
