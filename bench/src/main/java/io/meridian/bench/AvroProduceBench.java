package io.meridian.bench;

import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.RegistrySettings;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.TopicCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * FileEvents produced through Meridian's Avro serde (Confluent wire format, registry lookups
 * cached) against raw Kafka produce of the very same bytes, to the same embedded broker with the
 * same producer settings. The ratio is the cost of the contract layer on the publish path.
 */
final class AvroProduceBench implements Benchmark {
    private static final int PARTITIONS = 6;

    @Override
    public String name() {
        return "avro-produce";
    }

    @Override
    public String description() {
        return "FileEvents/s through the Avro serde vs raw Kafka produce of the same bytes [records] [rounds]";
    }

    @Override
    public Report run(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("meridian-bench-kafka");
        try {
            return run(dir, records, rounds);
        } finally {
            MoverBenchSupport.deleteTree(dir); // the broker's logs
        }
    }

    private Report run(Path dir, int records, int rounds) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).port(0).build().start();
             EmbeddedSchemaRegistry registryServer = EmbeddedSchemaRegistry.builder()
                     .bootstrapServers(kafka.bootstrapServers()).port(0).build().start();
             SchemaRegistry registry = new HttpSchemaRegistryClient(RegistrySettings.of(registryServer.url()))) {
            List<FileEvent> events = events(records);
            Serializer<FileEvent> serializer = TopicCatalog.FILE_EVENTS.bind(registry).valueSerde().serializer();
            List<byte[]> encoded = new ArrayList<>(records);
            events.forEach(e -> encoded.add(serializer.serialize("raw", e)));
            long bytes = encoded.stream().mapToLong(b -> b.length).sum();
            createTopics(kafka.bootstrapServers(), rounds);
            double[] serde = new double[rounds];
            double[] raw = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                raw[round] = produce(kafka.bootstrapServers(), "raw-" + round, new ByteArraySerializer(), events, encoded, true);
                serde[round] = produce(kafka.bootstrapServers(), "serde-" + round, serializer, events, encoded, false);
            }
            String setup = String.format("%,d FileEvents (%,d bytes encoded, avg %d B), %d partitions, acks=all, "
                    + "idempotent, linger.ms=5, batch.size=256KiB; %d rounds each, alternating, median.",
                    records, bytes, bytes / records, PARTITIONS, rounds);
            return new Report(setup).add("produce, acknowledged", "records/s", Report.median(serde),
                    Report.median(raw), "raw Kafka produce", "contract layer costs little (no stated goal)");
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> double produce(String bootstrap, String topic, Serializer<V> serializer, List<FileEvent> events,
                                      List<byte[]> encoded, boolean rawBytes) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        double seconds;
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(props, new StringSerializer(), serializer)) {
            // One acknowledged record per partition before the clock starts: right after its creation a
            // partition can answer NOT_LEADER_OR_FOLLOWER until the broker has caught up, and the
            // retried batches then took the whole delivery timeout (2 min) inside the measurement.
            V first = rawBytes ? (V) encoded.get(0) : (V) events.get(0);
            for (var partition : producer.partitionsFor(topic)) {
                producer.send(new ProducerRecord<>(topic, partition.partition(), events.get(0).getPath(), first)).get();
            }
            long start = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                V value = rawBytes ? (V) encoded.get(i) : (V) events.get(i);
                producer.send(new ProducerRecord<>(topic, events.get(i).getPath(), value), (meta, e) -> {
                    if (e != null && failed.getAndIncrement() == 0) {
                        firstError.set(e);
                    }
                });
            }
            producer.flush();
            seconds = (System.nanoTime() - start) / 1e9;
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + events.size() + " records to " + topic
                    + " were not acknowledged", firstError.get());
        }
        return events.size() / seconds;
    }

    private static void createTopics(String bootstrap, int rounds) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                topics.add(new NewTopic("raw-" + round, PARTITIONS, (short) 1));
                topics.add(new NewTopic("serde-" + round, PARTITIONS, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
    }

    private static List<FileEvent> events(int count) {
        List<FileEvent> events = new ArrayList<>(count);
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            events.add(FileEvent.newBuilder()
                    .setPath(String.format("/datasets/train/part-%03d/shard-%07d.parquet", i % 512, i))
                    .setSilo("nas")
                    .setType(FileEventType.UPSERT)
                    .setFileType(FileType.FILE)
                    .setSize(1_048_576L + i)
                    .setMtime(now.minusSeconds(i))
                    .setMode(0644)
                    .setOwner("train")
                    .setFileKey("2049:" + (1_000_000 + i))
                    .setSequencer(String.format("%016d-0", i))
                    .setSource(EventSource.POSIX_SCAN)
                    .setObservedAt(now)
                    .build());
        }
        return events;
    }
}
