package io.meridian.bench;

import io.meridian.classifier.ClassifierApp;
import io.meridian.config.ConfigLoader;
import io.meridian.config.KafkaConfig;
import io.meridian.config.MeridianConfig;
import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.events.Sequencer;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.Tier;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.StageContext;
import io.meridian.topics.TopicBootstrap;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * FileEvents per second through the classifier (exactly-once, RocksDB, the real embedded broker and
 * registry), end to end: from the first event produced to the last resulting FileRecord readable
 * (read_committed) on meridian.metadata, counting only the records of the round (one per event: every
 * event changes its file). The peer the goal names is raw Kafka on the same broker: produce the same
 * encoded events to a topic with as many partitions and consume them (read_committed) to the last. The
 * second peer copies them with an exactly-once Streams app that does nothing else ({@link EosPassThrough}):
 * the floor under any Streams stage, so the gap above it is the classifier's own work.
 */
final class ClassifierBench implements Benchmark {
    /** As many partitions as {@code up} creates by default, so that the classifier's stream threads all get work. */
    private static final int DEFAULT_PARTITIONS = KafkaConfig.DEFAULT_PARTITIONS;
    /** A pseudo-setting among the Streams ones: the partitions of every topic (both sides), e.g. {@code partitions 6}. */
    private static final String PARTITIONS_ARG = "partitions";
    /** The pass-through peer's topics. */
    private static final String PASS_IN = "pass-through-in";
    private static final String PASS_OUT = "pass-through-out";
    private static final String RAW_WARM_UP = "raw-warm-up";
    private static final String MEASURED_DIRECTORY = "train";
    private static final String WARM_UP_DIRECTORY = "warm-up";
    private static final int WARM_UP_ROUNDS = 2;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** How often the stream threads' time split is printed while the classifier runs. */
    private static final Duration PROGRESS = Duration.ofSeconds(3);

    @Override
    public String name() {
        return "classifier";
    }

    @Override
    public String description() {
        return "FileEvents/s through the classifier (EOS) vs raw Kafka produce+consume of the same records and vs an"
                + " exactly-once Streams pass-through [events] [rounds] [partitions N] [streams-property value]...";
    }

    @Override
    public Report run(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("meridian-bench-classifier");
        try {
            return run(dir, count, rounds, args);
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); // broker logs, RocksDB
            }
        }
    }

    private Report run(Path dir, int count, int rounds, String[] args) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(0).build().start();
             EmbeddedSchemaRegistry registryServer = EmbeddedSchemaRegistry.builder()
                     .bootstrapServers(kafka.bootstrapServers()).port(0).build().start();
             SchemaRegistry registry = HttpSchemaRegistryClient.of(registryServer.url())) {
            String bootstrap = kafka.bootstrapServers();
            Properties kafkaProps = new Properties();
            kafkaProps.put("bootstrap.servers", bootstrap);
            int partitions = settingsInto(kafkaProps, args);
            prepare(bootstrap, registry, rounds, partitions);
            MeridianConfig config = ConfigLoader.parse("bench", "kafka: { bootstrap: \"" + bootstrap + "\" }\n"
                    + "schemaRegistry: { url: \"" + registryServer.url() + "\" }\n", dir);
            Serializer<FileEvent> serializer = TopicCatalog.FILE_EVENTS.bind(registry).valueSerde().serializer();
            double[] classifier = new double[rounds];
            double[] raw = new double[rounds];
            double[] passThrough = new double[rounds];
            StageContext context = new StageContext(config, kafkaProps,
                    () -> HttpSchemaRegistryClient.of(registryServer.url()), dir.resolve("state"), Optional.empty());
            try (ClassifierApp app = new ClassifierApp(context);
                 EosPassThrough copier = new EosPassThrough(ClassifierApp.streamsProperties(context), PASS_IN, PASS_OUT)) {
                app.start();
                // Two rounds on other files (creating them, then changing them), so that measured round 1 still
                // creates its files. Without them C2 was still compiling on a quarter of the machine in round 2.
                for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                    List<Encoded> warmUp = encode(events(round, count, WARM_UP_DIRECTORY), serializer);
                    produceAndConsume(bootstrap, RAW_WARM_UP, RAW_WARM_UP, warmUp, count, () -> { });
                    produceAndConsume(bootstrap, PASS_IN, PASS_OUT, warmUp, count, () -> { });
                    produceAndConsume(bootstrap, Topics.FILE_EVENTS, Topics.METADATA, warmUp, count, () -> { });
                }
                System.err.println("warm-up rounds done (not counted)");
                for (int round = 0; round < rounds; round++) {
                    List<Encoded> encoded = encode(events(round, count, MEASURED_DIRECTORY), serializer);
                    ThreadCpu cpu = new ThreadCpu();
                    raw[round] = produceAndConsume(bootstrap, "raw-" + round, "raw-" + round, encoded, count, () -> { });
                    System.err.println(cpu.perUnit("round " + (round + 1) + " raw", "event", count));
                    cpu = new ThreadCpu();
                    passThrough[round] = produceAndConsume(bootstrap, PASS_IN, PASS_OUT, encoded, count, () -> { });
                    System.err.println(cpu.perUnit("round " + (round + 1) + " pass-through", "event", count));
                    int r = round;
                    cpu = new ThreadCpu();
                    classifier[round] = produceAndConsume(bootstrap, Topics.FILE_EVENTS, Topics.METADATA, encoded, count,
                            () -> printThreadRatios(app, r));
                    System.err.println(cpu.perUnit("round " + (round + 1) + " classifier", "event", count));
                    System.err.printf("round %d: events/s: raw %,.0f, pass-through %,.0f, classifier %,.0f%n", round + 1,
                            raw[round], passThrough[round], classifier[round]);
                }
            }
            Object threads = ClassifierApp.streamsProperties(context).get(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
            String setup = String.format("%,d FileEvents per round (round 1 creates the files, later rounds change them; %d partitions), classifier: exactly_once_v2,"
                    + " %s stream threads, RocksDB, built-in auto-tags, usage per silo; measured from first produce to the round's last FileRecord read"
                    + " (read_committed). Peers: the same encoded events produced to and consumed from a plain topic;"
                    + " and copied by a Kafka Streams app with the classifier's settings that does nothing else (what any"
                    + " exactly-once stage costs). Two warm-up rounds of each on other files, then %d rounds, alternating,"
                    + " median. Settings: %s", count, partitions, threads, rounds, settings(args));
            return new Report(setup)
                    .add("events end to end", "events/s", Report.median(classifier), Report.median(raw),
                            "raw Kafka produce+consume", ">= 0.5x raw and >= 50,000 events/s")
                    .add("events end to end", "events/s", Report.median(classifier), Report.median(passThrough),
                            "exactly-once Streams pass-through", "-");
        }
    }

    /** Where the stream threads spent their time lately (Streams' thread ratios), on stderr: what to tune next. */
    private static void printThreadRatios(ClassifierApp app, int round) {
        StringBuilder line = new StringBuilder("round " + (round + 1) + " stream thread ratios:");
        app.streamsMetrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && name.name().endsWith("-ratio")) {
                line.append(String.format(" %s=%.2f", name.name(), ((Number) metric.metricValue()).doubleValue()));
            }
        });
        System.err.println(line);
    }

    /** Puts the Streams settings of {@code args} (after events and rounds) into {@code props}; returns the partitions. */
    private static int settingsInto(Properties props, String[] args) {
        int partitions = DEFAULT_PARTITIONS;
        for (int i = 2; i + 1 < args.length; i += 2) {
            if (args[i].equals(PARTITIONS_ARG)) {
                partitions = Integer.parseInt(args[i + 1]);
            } else {
                props.put(args[i], args[i + 1]); // extra Streams settings to compare, e.g. num.stream.threads 2
            }
        }
        return partitions;
    }

    private static String settings(String[] args) {
        return args.length > 2 ? String.join(" ", java.util.Arrays.copyOfRange(args, 2, args.length)) : "defaults";
    }

    /**
     * Produces the encoded events and reads {@code readTopic} from where it ended before the first
     * produce until {@code expected} new records arrived: earlier rounds' records are not read again,
     * so both sides read exactly what this round produced.
     */
    static double produceAndConsume(String bootstrap, String produceTopic, String readTopic, List<Encoded> encoded,
                                     long expected, Runnable progress) throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(readTopic).stream()
                    .map(p -> new TopicPartition(readTopic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fix the start before the clock starts
            long start = System.nanoTime();
            Thread producer = new Thread(() -> produce(bootstrap, produceTopic, encoded), "bench-producer");
            producer.start();
            long seen = 0;
            Instant deadline = Instant.now().plus(TIMEOUT);
            long nextProgress = System.nanoTime() + PROGRESS.toNanos();
            while (seen < expected && Instant.now().isBefore(deadline)) {
                seen += consumer.poll(Duration.ofMillis(100)).count();
                if (System.nanoTime() - nextProgress > 0) {
                    progress.run();
                    nextProgress += PROGRESS.toNanos();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            producer.join();
            if (seen < expected) {
                throw new IllegalStateException("read only " + seen + " of " + expected + " records of " + readTopic);
            }
            return encoded.size() / seconds;
        }
    }

    private static void produce(String bootstrap, String topic, List<Encoded> encoded) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Encoded record : encoded) {
                producer.send(new ProducerRecord<>(topic, record.key(), record.value()));
            }
            producer.flush();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static void prepare(String bootstrap, SchemaRegistry registry, int rounds, int partitions) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(Topics.all(), partitions, (short) 1);
            List<NewTopic> topics = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                topics.add(new NewTopic("raw-" + round, partitions, (short) 1));
            }
            topics.add(new NewTopic(RAW_WARM_UP, partitions, (short) 1));
            topics.add(new NewTopic(PASS_IN, partitions, (short) 1));
            topics.add(new NewTopic(PASS_OUT, partitions, (short) 1));
            admin.createTopics(topics).all().get();
        }
        Silo nas = Silo.newBuilder().setId("nas").setKind(SiloKind.POSIX).setMount("/datasets").setSite("onprem")
                .setTier(Tier.CAPACITY).setRoot("/srv/nas").setCapacityBytes(1L << 50).build();
        try (KafkaProducer<String, Silo> producer = new KafkaProducer<>(props, new StringSerializer(),
                TopicCatalog.SILOS.bind(registry).valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.SILOS, "nas", nas)).get();
        }
    }

    /** A record as produced: its path as the key, its Avro bytes as the value. */
    record Encoded(byte[] key, byte[] value) {
    }

    static List<Encoded> encode(List<FileEvent> events, Serializer<FileEvent> serializer) {
        List<Encoded> out = new ArrayList<>(events.size());
        events.forEach(e -> out.add(new Encoded(e.getPath().getBytes(StandardCharsets.UTF_8),
                serializer.serialize(Topics.FILE_EVENTS, e))));
        return out;
    }

    private static String path(String directory, int i) {
        return String.format("/datasets/%s/part-%03d/shard-%07d.parquet", directory, i % 512, i);
    }

    static List<FileEvent> events(int round, int count, String directory) {
        List<FileEvent> events = new ArrayList<>(count);
        Instant observed = Instant.now();
        for (int i = 0; i < count; i++) {
            // Every round re-observes the same files with a new size: each event changes its record.
            events.add(FileEvent.newBuilder().setPath(path(directory, i)).setSilo("nas").setType(FileEventType.UPSERT)
                    .setSize(1_048_576L + i + round).setMtime(observed).setMode(0644).setOwner("train")
                    .setFileKey("2049:" + (1_000_000 + i)).setSequencer(Sequencer.of(observed, i))
                    .setSource(EventSource.POSIX_SCAN).setObservedAt(observed).build());
        }
        return events;
    }
}
