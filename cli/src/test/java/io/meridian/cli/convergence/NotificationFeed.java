package io.meridian.cli.convergence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The bucket notifications S3Proxy does not send, made the way MinIO's {@code notify_kafka} target
 * would, and delivered the way such a target may: unkeyed over the 3 partitions of the notification
 * topic, some dropped, some delayed past later ones, some twice. Each record carries a MinIO-style
 * sequencer (16 hex digits, increasing in the order the harness changed the bucket), so that the
 * receiver can order what arrives out of order. Fates come from the seed's random; delays are released
 * at random later steps and all at once, shuffled, by {@link #flush}.
 */
final class NotificationFeed implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 3;

    private final KafkaProducer<byte[], byte[]> producer;
    private final Random random;
    private final List<ProducerRecord<byte[], byte[]>> delayed = new ArrayList<>();
    private long lastSequencer;
    private int sent;
    private int dropped;
    private int late;
    private int duplicated;

    NotificationFeed(Properties kafka, Random random) {
        this.producer = new KafkaProducer<>(kafka, new ByteArraySerializer(), new ByteArraySerializer());
        this.random = random;
    }

    /** An {@code s3:ObjectCreated:Put} (or {@code :Copy}) of {@code key} in the archive bucket. */
    void created(String key, long size, String etag, boolean copy) throws Exception {
        ObjectNode object = JSON.createObjectNode().put("key", key).put("size", size).put("eTag", etag);
        deliver(record(copy ? "s3:ObjectCreated:Copy" : "s3:ObjectCreated:Put", object));
    }

    /** An {@code s3:ObjectRemoved:Delete} of {@code key}. */
    void removed(String key) throws Exception {
        deliver(record("s3:ObjectRemoved:Delete", JSON.createObjectNode().put("key", key)));
    }

    /** Between two operations: each delayed notification is released with probability 1/4. */
    void step() throws Exception {
        for (Iterator<ProducerRecord<byte[], byte[]>> it = delayed.iterator(); it.hasNext(); ) {
            ProducerRecord<byte[], byte[]> record = it.next();
            if (random.nextInt(4) == 0) {
                it.remove();
                send(record);
            }
        }
    }

    /** Sends every delayed notification, in shuffled order. */
    void flush() throws Exception {
        Collections.shuffle(delayed, random);
        for (ProducerRecord<byte[], byte[]> record : delayed) {
            send(record);
        }
        delayed.clear();
    }

    /** "sent N (dropped D, late L, twice T)" for the run's summary. */
    String summary() {
        return "notifications sent " + sent + " (dropped " + dropped + ", late " + late + ", twice " + duplicated + ")";
    }

    private void deliver(ProducerRecord<byte[], byte[]> record) throws Exception {
        int fate = random.nextInt(100);
        if (fate < 15) {
            dropped++;
        } else if (fate < 30) {
            late++;
            delayed.add(record);
        } else if (fate < 40) {
            duplicated++;
            send(record);
            delayed.add(repartitioned(record));
        } else {
            send(record);
        }
    }

    private ProducerRecord<byte[], byte[]> record(String eventName, ObjectNode object) throws Exception {
        object.put("sequencer", String.format("%016X", nextSequencer()));
        ObjectNode record = JSON.createObjectNode().put("eventVersion", "2.0").put("eventSource", "minio:s3")
                .put("eventTime", Instant.now().toString()).put("eventName", eventName);
        ObjectNode s3 = record.putObject("s3");
        s3.putObject("bucket").put("name", ConvergenceStack.ARCHIVE);
        s3.set("object", object);
        ObjectNode message = JSON.createObjectNode().put("EventName", eventName)
                .put("Key", ConvergenceStack.ARCHIVE + "/" + object.get("key").asText());
        message.putArray("Records").add(record);
        return new ProducerRecord<>(ConvergenceStack.NOTIFICATIONS, random.nextInt(PARTITIONS), null,
                JSON.writeValueAsString(message).getBytes(StandardCharsets.UTF_8));
    }

    private ProducerRecord<byte[], byte[]> repartitioned(ProducerRecord<byte[], byte[]> record) {
        return new ProducerRecord<>(record.topic(), random.nextInt(PARTITIONS), null, record.value());
    }

    /** MinIO's sequencer is the event's time in nanoseconds, in hex; strictly increasing here. */
    private long nextSequencer() {
        lastSequencer = Math.max(lastSequencer + 1, System.currentTimeMillis() * 1_000_000L);
        return lastSequencer;
    }

    private void send(ProducerRecord<byte[], byte[]> record) throws ExecutionException, InterruptedException {
        producer.send(record).get();
        sent++;
    }

    @Override
    public void close() {
        producer.close();
    }
}
