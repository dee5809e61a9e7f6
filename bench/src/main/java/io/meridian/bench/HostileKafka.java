package io.meridian.bench;

import io.meridian.bench.HostileTally.Outcome;
import io.meridian.events.Sequencer;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.streams.DeadLetters;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Raw records on {@code meridian.file-events}, as a misbehaving producer would write them: garbage
 * bytes, a wrong magic byte, an unknown schema id, and well-formed Avro FileEvents with values no
 * edge may accept (negative or huge sizes, absurd mtimes, bad sequencers, paths outside the mount,
 * a key that is not the path, an unknown silo, a 100k-character owner), mixed with valid ones. Each
 * invalid record must come back on {@code meridian.dead-letters} with a reason (matched by its
 * partition and offset); a valid one must not.
 */
final class HostileKafka {
    private record Sent(String kind, boolean valid) {
    }

    private final String bootstrap;
    private final String registryUrl;
    private final HostileTally tally;

    HostileKafka(String bootstrap, String registryUrl, HostileTally tally) {
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        this.tally = tally;
    }

    /**
     * Produces {@code count} records, then waits up to {@code wait} for their dead letters and records
     * each outcome; returns how many valid records were sent (each must land under {@link HostileEvents#OK_DIR}).
     */
    int run(int count, Random random, Duration wait) throws Exception {
        Map<TopicPartition, Long> deadLetterStart = endOffsets();
        Map<String, Sent> sent = new HashMap<>();
        try (SchemaRegistry registry = HttpSchemaRegistryClient.of(registryUrl);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(), new ByteArraySerializer())) {
            Serializer<FileEvent> avro = TopicCatalog.FILE_EVENTS.bind(registry).valueSerde().serializer();
            List<java.util.concurrent.Future<RecordMetadata>> acks = new java.util.ArrayList<>();
            List<Sent> labels = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                int pick = random.nextInt(14);
                Sent label = new Sent(kind(pick), pick >= 11);
                String path = (label.valid() ? HostileEvents.OK_DIR : HostileEvents.BAD_DIR) + "kafka-" + i + "-"
                        + Long.toHexString(random.nextLong()) + ".bin";
                byte[] value = value(pick, path, random, avro);
                String key = pick == 10 ? "/datasets/other-key" : path;
                acks.add(producer.send(new ProducerRecord<>(Topics.FILE_EVENTS, key.getBytes(StandardCharsets.UTF_8), value)));
                labels.add(label);
            }
            producer.flush();
            for (int i = 0; i < acks.size(); i++) {
                RecordMetadata m = acks.get(i).get();
                sent.put(m.partition() + "@" + m.offset(), labels.get(i));
            }
        }
        Map<String, String> reasons = deadLetters(deadLetterStart, sent, wait);
        sent.forEach((where, label) -> {
            String reason = reasons.get(where);
            Outcome outcome = reason == null ? Outcome.ACCEPTED : reason.isBlank() ? Outcome.REFUSED_WITHOUT_REASON : Outcome.DEAD_LETTERED;
            tally.record("kafka file-events", label.kind(), label.valid(), outcome, reason == null ? "no dead letter for record " + where : reason);
        });
        return (int) sent.values().stream().filter(Sent::valid).count();
    }

    private static String kind(int pick) {
        return List.of("garbage bytes", "wrong magic byte", "unknown schema id", "size negative", "size Long.MAX",
                "mtime far negative", "sequencer 17 digits", "sequencer empty tiebreak", "path outside mount",
                "owner 100k chars", "key is not the path", "valid", "valid", "valid").get(pick);
    }

    private static byte[] value(int pick, String path, Random random, Serializer<FileEvent> avro) {
        switch (pick) {
            case 0 -> {
                byte[] garbage = new byte[1 + random.nextInt(200)];
                random.nextBytes(garbage);
                garbage[0] = 0;
                return garbage;
            }
            case 1 -> {
                return "{\"path\":\"/datasets/x\"}".getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                return ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).putInt(42).array();
            }
            default -> {
                return avro.serialize(Topics.FILE_EVENTS, event(pick, path, random));
            }
        }
    }

    private static FileEvent event(int pick, String path, Random random) {
        Instant now = Instant.now();
        UnaryOperator<FileEvent.Builder> change = switch (pick) {
            case 3 -> b -> b.setSize(-5);
            case 4 -> b -> b.setSize(Long.MAX_VALUE);
            case 5 -> b -> b.setMtime(Instant.ofEpochMilli(-99_999_999_999_999_999L));
            case 6 -> b -> b.setSequencer("99999999999999999-1");
            case 7 -> b -> b.setSequencer(Sequencer.of(now, "").replaceAll("-.*", "-"));
            case 8 -> b -> b.setPath("/etc/passwd");
            case 9 -> b -> b.setOwner("o".repeat(100_000));
            default -> b -> b;
        };
        FileEvent.Builder builder = FileEvent.newBuilder().setPath(path).setSilo("nas").setType(FileEventType.UPSERT)
                .setSize(random.nextInt(1 << 30)).setMtime(Instant.parse("2026-03-01T00:00:00Z"))
                .setSequencer(Sequencer.of(now, random.nextInt(1_000_000))).setSource(EventSource.HOOK).setObservedAt(now);
        return change.apply(builder).build();
    }

    private Map<String, String> deadLetters(Map<TopicPartition, Long> start, Map<String, Sent> sent, Duration wait) {
        long expected = sent.values().stream().filter(s -> !s.valid()).count();
        Map<String, String> reasons = new HashMap<>();
        long deadline = System.nanoTime() + wait.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            while (reasons.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (Topics.FILE_EVENTS.equals(header(r, DeadLetters.HEADER_TOPIC))) {
                        String where = header(r, DeadLetters.HEADER_PARTITION) + "@" + header(r, DeadLetters.HEADER_OFFSET);
                        if (sent.containsKey(where)) {
                            reasons.put(where, java.util.Objects.toString(header(r, DeadLetters.HEADER_MESSAGE), ""));
                        }
                    }
                }
            }
        }
        return reasons;
    }

    private Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return props;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
