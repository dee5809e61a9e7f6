package io.meridian.bench;

import io.meridian.streams.StreamsStage;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A Kafka Streams app that copies one topic to another, byte for byte, with a stage's own settings
 * (exactly-once, commit interval, threads, batch size): what any such stage costs before it does
 * anything, i.e. the ceiling of a Streams stage on this broker and machine.
 */
final class EosPassThrough implements AutoCloseable {
    static final String APPLICATION_ID = "bench-eos-pass-through";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private final KafkaStreams streams;

    /** Starts copying {@code in} to {@code out} with {@code stageSettings}, under its own application id. */
    EosPassThrough(Properties stageSettings, String in, String out) throws InterruptedException {
        Properties props = new Properties();
        props.putAll(stageSettings);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        streams = new KafkaStreams(builder.build(), props);
        if (!StreamsStage.startAndAwaitRunning(streams, START_TIMEOUT)) {
            streams.close(Duration.ofSeconds(10));
            throw new IllegalStateException("the pass-through app did not start within " + START_TIMEOUT.toSeconds() + " s");
        }
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(20));
    }
}
