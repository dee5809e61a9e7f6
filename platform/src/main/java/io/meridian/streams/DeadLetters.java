package io.meridian.streams;

import io.meridian.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records that a stage cannot use to {@code meridian.dead-letters}: the original key and
 * value bytes, the original headers, and Kafka Streams' {@code __streams.errors.*} headers naming
 * the reason and where the record came from. Dead letters are written outside any transaction
 * (at least once): a record that cannot be processed must never stop or roll back a stage.
 */
public final class DeadLetters implements AutoCloseable {
    public static final String HEADER_EXCEPTION = "__streams.errors.exception";
    public static final String HEADER_MESSAGE = "__streams.errors.message";
    public static final String HEADER_STACKTRACE = "__streams.errors.stacktrace";
    public static final String HEADER_TOPIC = "__streams.errors.topic";
    public static final String HEADER_PARTITION = "__streams.errors.partition";
    public static final String HEADER_OFFSET = "__streams.errors.offset";
    /** Which Meridian stage refused the record. */
    public static final String HEADER_STAGE = "__streams.errors.stage";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String stage;

    public DeadLetters(Properties kafka, String stage) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.keySet().removeIf(k -> k.toString().startsWith("transactional") || k.toString().startsWith("processing"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.stage = stage;
    }

    /** Headers that explain a dead letter, added to (a copy of) the original headers. */
    public static Headers headers(Headers original, String stage, String topic, int partition, long offset, Throwable reason) {
        Headers headers = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
        add(headers, HEADER_EXCEPTION, reason.getClass().getName());
        add(headers, HEADER_MESSAGE, String.valueOf(reason.getMessage()));
        add(headers, HEADER_STACKTRACE, stackTrace(reason));
        add(headers, HEADER_TOPIC, topic == null ? "" : topic);
        add(headers, HEADER_PARTITION, Integer.toString(partition));
        add(headers, HEADER_OFFSET, Long.toString(offset));
        add(headers, HEADER_STAGE, stage);
        return headers;
    }

    /** Sends one dead letter and waits for the broker's acknowledgement. */
    public void send(byte[] key, byte[] value, Headers original, String topic, int partition, long offset, Throwable reason) {
        Headers headers = headers(original, stage, topic, partition, offset, reason);
        LOG.warn("Dead letter from {}-{}@{} ({}): {}", topic, partition, offset, stage, reason.getMessage());
        try {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, null, key, value, headers)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a dead letter", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot write to " + Topics.DEAD_LETTERS + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void add(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        String text = out.toString();
        return text.length() > 4000 ? text.substring(0, 4000) : text; // a header, not a log file
    }

    @Override
    public void close() {
        producer.close();
    }
}
