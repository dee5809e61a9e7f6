package io.meridian.placement;

import io.meridian.config.PolicyConfig;
import io.meridian.metrics.ConsumerLag;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.streams.StreamsSettings;
import io.meridian.streams.StreamsStage;
import io.meridian.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The placement stage: runs {@link PlacementTopology} with exactly-once processing, its state under
 * the process's state directory, and dead letters ({@link StreamsSettings}), through a
 * {@link StreamsStage}: {@code start} returns once the app is RUNNING, a thread that dies of an
 * exception is replaced, an Error stops the stage. The partition count of meridian.metadata is read
 * from the broker at start, since each task's share of a silo's free space and the completeness of
 * staging progress depend on it.
 */
public final class PlacementApp implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(PlacementApp.class);

    private final StageContext context;
    private final StreamsStage streams = new StreamsStage("placement");
    private final PlacementMetrics metrics;

    /** Registers the placement and staging meters ({@link PlacementMetrics}, consumer lag) on the context's registry. */
    public PlacementApp(StageContext context) {
        this.context = context;
        this.metrics = new PlacementMetrics(context.metrics().registry(),
                context.config().policies().stream().map(PolicyConfig::name).toList());
        ConsumerLag.register(context.metrics().registry(), "meridian.placement", "placement", streams::metrics);
    }

    @Override
    public String name() {
        return "placement";
    }

    /** The running app's Streams metrics (empty before start), for benchmarks and diagnostics. */
    public Map<MetricName, ? extends Metric> streamsMetrics() {
        return streams.metrics();
    }

    @Override
    public void start() throws Exception {
        int partitions = metadataPartitions(context.kafkaProperties());
        PlacementSettings settings = PlacementSettings.defaults(partitions);
        streams.start(context.registry(), registry -> PlacementTopology.build(PlacementTopics.of(registry), settings, true, metrics),
                properties());
        LOG.info("Placement started over {} partitions of {}", partitions, Topics.METADATA);
    }

    /** Streams settings: exactly once, local state in the stage's directory, dead-letter handlers. */
    Properties properties() {
        Properties props = StreamsSettings.base(context, PlacementTopology.APPLICATION_ID, "placement");
        // Exactly once stays: commands alone would survive at-least-once (deterministic ids, lease re-issue),
        // but a placement notice must be published once per instance gained or lost, and a crash between
        // the store write and the notice would lose or repeat it. Its price is the commit cycle: a
        // read_committed consumer sees a command only after the transaction commits, so the commit
        // interval is the floor of change->command latency (Streams' EOS default is 100 ms).
        props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50);
        // Producer linger stays at Streams' 100 ms: under EOS the commit's flush sends what lingers, so
        // it adds no latency, and an A/B on the placement-latency benchmark (2,000 changes/s, 3 pairs)
        // gave p99 0.5-1.1 s with 100 ms against 1.1-1.9 s with 5 ms: fewer, larger produce requests
        // leave more CPU to the stage on a loaded machine.
        // A commit sends what each partition gathered since the last one: at 10,000 changes/s that is
        // ~20 KB per output partition, over the 16 KiB default batch, so the default split every commit's
        // records into twice the produce requests (broker CPU per change 47 -> 40 us in the benchmark).
        props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
        // No record cache in this topology, and none wanted: a cached record is emitted late.
        props.putIfAbsent(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        props.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        return props;
    }

    private static int metadataPartitions(Properties kafka) throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            TopicDescription description = admin.describeTopics(List.of(Topics.METADATA)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(Topics.METADATA);
            return description.partitions().size();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot read the partitions of " + Topics.METADATA
                    + " (run 'meridian init' first to create the topics): " + e.getCause().getMessage(), e);
        }
    }

    @Override
    public void close() {
        streams.close();
    }
}
