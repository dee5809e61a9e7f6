package io.meridian.classifier;

import io.meridian.classifier.metadata.ClassifierCounters;
import io.meridian.metrics.ConsumerLag;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import io.meridian.streams.StreamsSettings;
import io.meridian.streams.StreamsStage;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The classifier stage: runs {@link ClassifierTopology} as the Kafka Streams app
 * {@value ClassifierTopology#APPLICATION_ID} with exactly-once processing, dead-letter handlers and
 * its RocksDB state under the stage context's state directory, through a {@link StreamsStage}:
 * {@code start} returns once the app is RUNNING (or throws); a thread that dies of an exception is
 * replaced, so one bad moment never stops the stage.
 */
public final class ClassifierApp implements Stage {
    /** Default commit interval; a {@code commit.interval.ms} under the config's kafka.properties wins. */
    public static final Duration COMMIT_INTERVAL = Duration.ofMillis(500);
    /** Default stream threads (at most the cores); a {@code num.stream.threads} under kafka.properties wins. */
    public static final int STREAM_THREADS = 2;
    /** Default producer batch size; a {@code producer.batch.size} under kafka.properties wins. */
    public static final int PRODUCER_BATCH_BYTES = 256 * 1024;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(20);

    private final StageContext context;
    private final ClassifierCounters counters;
    private final StreamsStage streams = new StreamsStage("classifier", StreamsStage.START_TIMEOUT, CLOSE_TIMEOUT, null);

    /** Registers the classifier's meters ({@link ClassifierCounters}, consumer lag) on the context's registry. */
    public ClassifierApp(StageContext context) {
        this.context = context;
        this.counters = new ClassifierCounters(context.metrics().registry());
        ConsumerLag.register(context.metrics().registry(), "meridian.classifier", "classifier", streams::metrics);
    }

    @Override
    public String name() {
        return "classifier";
    }

    /** Counters of the running app (stale events dropped, dead letters, applied inputs). */
    public ClassifierCounters counters() {
        return counters;
    }

    /** The running app's Kafka Streams metrics (thread ratios, latencies), e.g. for a benchmark; empty before start. */
    public Map<MetricName, ? extends Metric> streamsMetrics() {
        return streams.metrics();
    }

    @Override
    public void start() throws Exception {
        ClassifierSettings settings = ClassifierSettings.of(context.config());
        streams.start(context.registry(), registry -> ClassifierTopology.build(settings, ClassifierTopics.of(registry), counters),
                streamsProperties(context));
    }

    /** Streams settings of the app; public for the benchmark and tests. */
    public static Properties streamsProperties(StageContext context) {
        Properties props = StreamsSettings.base(context, ClassifierTopology.APPLICATION_ID, "classifier");
        // Each exactly-once commit is a transaction round trip that stalls the stream thread; commit less
        // often than the EOS default (100 ms), yet well within the 2 s in which a change must be visible.
        props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) COMMIT_INTERVAL.toMillis());
        // One stream thread spends ~15-20 µs of CPU per event (RocksDB reads and writes, Avro, two
        // produced records): a second one doubles what a process can apply, given partitions for both.
        props.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Math.min(STREAM_THREADS, Runtime.getRuntime().availableProcessors()));
        // A commit sends ~0.5 s of records per output partition (changelog and metadata, ~250 B each): in
        // 16 KiB batches (the default) the broker handled ~60 records per request, and spent 7 us per event.
        // 256 KiB batches halved the broker's CPU per event and lifted throughput ~30 % (bench/RESULTS.md).
        props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        return props;
    }

    @Override
    public void close() {
        streams.close();
    }
}
