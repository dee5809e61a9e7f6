package io.meridian.streams;

import io.meridian.stage.StageContext;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What every Meridian Kafka Streams app shares: exactly-once processing, local state under the
 * process's state directory, dead letters through {@link DeadLetterHandler} and a short consumer session.
 * Their lifecycle is {@link StreamsStage}.
 */
public final class StreamsSettings {
    /** How long a closed app's member lingers in its group; a restarted app waits for it to expire. */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

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
}
