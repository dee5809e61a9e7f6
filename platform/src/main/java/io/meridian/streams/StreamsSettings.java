package io.meridian.streams;

import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.StageContext;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every Meridian Kafka Streams app shares: exactly-once processing, local state under the
 * process's state directory, dead letters through {@link DeadLetterHandler}, a short consumer session,
 * and how to start and close.
 */
public final class StreamsSettings {
    /** How long a closed app's member lingers in its group; a restarted app waits for it to expire. */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(StreamsSettings.class);

    private StreamsSettings() {
    }

    /** Base properties of the app {@code applicationId}, named {@code stage} in logs and dead letters. */
    public static Properties base(StageContext context, String applicationId, String stage) {
        Properties props = context.kafkaProperties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, context.stateDir().resolve(stage).toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) context.config().kafka().replicationFactor());
        // Streams members never send LeaveGroup on a dynamic-membership close, so a restarted app gets
        // its tasks back only when the previous member's session expires: keep that wait short.
        props.putIfAbsent(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                (int) SESSION_TIMEOUT.toMillis());
        props.putIfAbsent(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                (int) SESSION_TIMEOUT.toMillis() / 5);
        return DeadLetterHandler.configure(props, stage);
    }

    /** Starts {@code streams} and waits until it is RUNNING; false when it is not within {@code timeout}. */
    public static boolean startAndAwaitRunning(KafkaStreams streams, Duration timeout) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.start();
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Closes an app's streams within {@code timeout} (leaveGroup removes static members at once; dynamic
     * ones expire), then its registry client; either may be null (an app that never started).
     */
    public static void close(KafkaStreams streams, SchemaRegistry registry, Duration timeout) {
        if (streams != null) {
            streams.close(new KafkaStreams.CloseOptions().timeout(timeout).leaveGroup(true));
        }
        if (registry != null) {
            try {
                registry.close();
            } catch (Exception e) {
                LOG.warn("Closing the registry client failed", e);
            }
        }
    }
}
