package io.meridian.placement;

import io.meridian.placement.tracking.Backoff;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.PlacementControl;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import io.meridian.streams.StateSerdes;
import io.meridian.topics.Topic;
import io.meridian.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The placement topology on a TopologyTestDriver, with a topic handle for every input and output. */
public final class PlacementDriver implements AutoCloseable {
    public static final Duration TICK = Duration.ofSeconds(1);
    public static final long LEASE = Duration.ofMinutes(1).toMillis();
    public static final Backoff BACKOFF = new Backoff(1_000, 8_000, 3);

    public final TopologyTestDriver driver;
    /** The tasks' meters, on a registry of their own. */
    public final PlacementMetrics metrics = PlacementMetrics.unregistered();
    public final TestInputTopic<String, FileRecord> metadata;
    public final TestInputTopic<String, MoveResult> results;
    public final TestInputTopic<String, Policy> policies;
    public final TestInputTopic<String, Silo> silos;
    public final TestInputTopic<String, SiloUsage> usage;
    public final TestInputTopic<String, StagingRequest> requests;
    public final TestInputTopic<String, PlacementControl> controls;
    public final TestOutputTopic<String, MoveCommand> commands;
    public final TestOutputTopic<String, PlacementNotice> notices;
    public final TestOutputTopic<String, PlacementNotice> stagingNotices;
    public final TestOutputTopic<String, StagingStatus> status;
    public final TestOutputTopic<String, Silo> siloChanges;
    public final TestOutputTopic<String, byte[]> deadLetters;
    /** The serdes of the topology's stores and internal topics, on the driver's registry. */
    public final StateSerdes state;
    private final Path stateDir;

    /**
     * Partitions of meridian.metadata the default driver's task is one of. More than one, as in any
     * deployment: the task fills only its share of a silo's free space, and a staging request is READY
     * only once every partition has reported (which one driver alone never does: see
     * {@link PartitionedPlacement}).
     */
    public static final int PARTITIONS = 3;

    /** A driver whose one task is a partition of {@link #PARTITIONS}. */
    public PlacementDriver() {
        this(new PlacementSettings(TICK, LEASE, 30_000, BACKOFF, PARTITIONS));
    }

    public PlacementDriver(PlacementSettings settings) {
        PlacementTopics topics = PlacementTopics.of(new InMemorySchemaRegistry());
        state = topics.state();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "placement-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            stateDir = Files.createTempDirectory("placement-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(PlacementTopology.build(topics, settings, false, metrics), props, Fixtures.T0);
        metadata = input(topics.metadata());
        results = input(topics.moveResults());
        policies = input(topics.policies());
        silos = input(topics.silos());
        usage = input(topics.siloUsage());
        requests = input(topics.stagingRequests());
        controls = input(topics.placementControl());
        commands = output(topics.moveCommands());
        notices = output(topics.placementNotices());
        stagingNotices = output(topics.stagingNotices());
        status = output(topics.stagingStatus());
        siloChanges = output(topics.silos());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    /** Publishes silos and policies and lets one tick pass, so every task has seen them. */
    public PlacementDriver given(List<Silo> siloList, List<Policy> policyList) {
        siloList.forEach(s -> silos.pipeInput(s.getId(), s));
        policyList.forEach(p -> policies.pipeInput(p.getName(), p));
        tick();
        return this;
    }

    public void file(FileRecord record) {
        metadata.pipeInput(record.getPath(), record);
    }

    public void tick() {
        driver.advanceWallClockTime(TICK);
    }

    public void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
