package io.meridian.bench;

import io.meridian.config.DemoConfig;
import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.placement.PlacementApp;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.PlacementSelector;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.Tag;
import io.meridian.schemas.Tier;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.StageContext;
import io.meridian.topics.TopicBootstrap;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Latency from a FileRecord change on meridian.metadata to its MoveCommand on meridian.move-commands,
 * through the placement stage (exactly once, read_committed) on the embedded broker, at a paced rate
 * of changes per second; each change is a new file tagged stage=training that the demo policy copies
 * to nvme. Peer: the same encoded records produced to a plain topic and consumed (read_committed),
 * at the same rate — the floor any Kafka stage pays.
 */
final class PlacementLatencyBench implements Benchmark {
    private static final int PARTITIONS = 6;
    /**
     * Seconds of changes at the measured rate before measuring: C2 keeps compiling the stage's hot
     * paths for about 10 s at 10,000 changes/s, and on 2 cores the compiler thread alone took a third
     * of the machine during a measurement after a 3 s warm-up (p99 2 s then, 0.14-0.19 s after 12 s).
     */
    private static final int WARM_UP_SECONDS = 15;
    /**
     * The sender's linger: meridian.metadata's real writer is the classifier, which sends a
     * transaction's records together at each commit; with 1 ms the harness's own tiny produce
     * requests took about as much broker CPU as the stage measured. The peer uses the same sender.
     */
    private static final String SENDER_LINGER_MS = "5";

    @Override
    public String name() {
        return "placement-latency";
    }

    @Override
    public String description() {
        return "FileRecord change -> MoveCommand latency p50/p99 vs raw Kafka produce->consume [changes/s] [seconds] [streams-property value]...";
    }

    @Override
    public Report run(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path dir = Files.createTempDirectory("meridian-bench-placement");
        try {
            return run(dir, rate, seconds, args);
        } finally {
            MoverBenchSupport.deleteTree(dir); // broker logs and RocksDB: hundreds of MB per run
        }
    }

    private Report run(Path dir, int rate, int seconds, String[] args) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(0).build().start();
             EmbeddedSchemaRegistry registryServer = EmbeddedSchemaRegistry.builder()
                     .bootstrapServers(kafka.bootstrapServers()).port(0).build().start();
             SchemaRegistry registry = HttpSchemaRegistryClient.of(registryServer.url())) {
            Properties props = new Properties();
            props.put("bootstrap.servers", kafka.bootstrapServers());
            Properties streamsProps = new Properties();
            streamsProps.putAll(props);
            for (int i = 2; i + 1 < args.length; i += 2) {
                streamsProps.put(args[i], args[i + 1]); // extra Streams settings to compare, e.g. max.task.idle.ms -1
            }
            try (Admin admin = Admin.create(props)) {
                new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(Topics.all(), PARTITIONS, (short) 1);
                admin.createTopics(List.of(new NewTopic("peer-raw", PARTITIONS, (short) 1))).all().get();
            }
            List<Encoded> warm = encode(registry, "warm", rate * WARM_UP_SECONDS);
            List<Encoded> measured = encode(registry, "run", rate * seconds);
            publishConfig(props, registry);
            StageContext context = new StageContext(DemoConfig.load(dir.resolve("demo")), streamsProps,
                    () -> HttpSchemaRegistryClient.of(registryServer.url()), dir.resolve("state"), Optional.empty());
            double[] meridian;
            try (PlacementApp app = new PlacementApp(context)) {
                app.start();
                measure(props, Topics.METADATA, Topics.MOVE_COMMANDS, warm, rate); // JIT, assignment, RocksDB warm-up
                ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
                progress.scheduleAtFixedRate(() -> printThreadRatios(app), 2, 2, TimeUnit.SECONDS);
                ThreadCpu cpu = new ThreadCpu();
                try {
                    meridian = measure(props, Topics.METADATA, Topics.MOVE_COMMANDS, measured, rate);
                } finally {
                    progress.shutdownNow();
                }
                System.err.println(cpu.perUnit("placement", "change", measured.size()));
            }
            ThreadCpu cpu = new ThreadCpu();
            double[] peer = measure(props, "peer-raw", "peer-raw", measured, rate);
            System.err.println(cpu.perUnit("peer", "change", measured.size()));
            String setup = String.format("%,d FileRecord changes at %,d/s (%d s), %d partitions, placement with "
                    + "exactly_once_v2 (commit.interval.ms=50, no record cache) and the demo policy; "
                    + "changes sent paced by a parked (not spinning) thread, linger.ms " + SENDER_LINGER_MS + ", after "
                    + WARM_UP_SECONDS + " s of warm-up at the same rate; latency = send to receipt by a "
                    + "read_committed consumer, same JVM. Peer: the same bytes produced to a plain topic and consumed.",
                    measured.size(), rate, seconds, PARTITIONS)
                    + (args.length > 2 ? " Settings: " + String.join(" ", Arrays.copyOfRange(args, 2, args.length)) : "");
            return new Report(setup)
                    .addMillis("p50 change -> command", meridian[0], peer[0], "raw produce->consume p50", "-")
                    .addMillis("p99 change -> command", meridian[1], peer[1], "raw produce->consume p99", "p99 < 200 ms");
        }
    }

    /** Where the stream threads spent the measured run (Streams' thread ratios), on stderr: what to tune next. */
    private static void printThreadRatios(PlacementApp app) {
        StringBuilder line = new StringBuilder("stream thread ratios:");
        app.streamsMetrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && name.name().endsWith("-ratio")) {
                line.append(String.format(" %s=%.2f", name.name(), ((Number) metric.metricValue()).doubleValue()));
            }
        });
        System.err.println(line);
    }

    /** Sends {@code records} at {@code rate}/s and returns p50 and p99 latency in ms until each key appears on {@code out}. */
    private static double[] measure(Properties kafka, String in, String out, List<Encoded> records, int rate) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        double[] latencies = new double[records.size()];
        int[] received = {0};
        Thread reader = new Thread(() -> read(kafka, out, sentAt, latencies, received), "bench-reader");
        reader.start();
        Thread.sleep(2_000); // the reader's partitions are assigned before the first send
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, SENDER_LINGER_MS);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < records.size(); i++) {
                long due = start + (long) i * 1_000_000_000L / rate;
                long early = due - System.nanoTime();
                if (early > 0) {
                    // park, not spin: a spinning sender takes a whole core from the stage it measures (2 cores here)
                    LockSupport.parkNanos(early);
                }
                Encoded record = records.get(i);
                sentAt.put(record.key(), System.nanoTime());
                producer.send(new ProducerRecord<>(in, record.key(), record.value()));
            }
        }
        reader.join(120_000);
        reader.interrupt();
        reader.join();
        double[] done = Arrays.copyOf(latencies, received[0]);
        Arrays.sort(done);
        if (done.length < records.size()) {
            throw new IllegalStateException("only " + done.length + " of " + records.size() + " records arrived on " + out);
        }
        return new double[] {done[done.length / 2], done[(int) Math.floor(done.length * 0.99) - 1]};
    }

    private static void read(Properties kafka, String topic, Map<String, Long> sentAt, double[] latencies, int[] received) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + 300_000;
            while (received[0] < latencies.length && System.currentTimeMillis() < until && !Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    Long sent = sentAt.remove(r.key());
                    if (sent != null && received[0] < latencies.length) {
                        latencies[received[0]++] = (System.nanoTime() - sent) / 1e6;
                    }
                }
            }
        }
    }

    private static List<Encoded> encode(SchemaRegistry registry, String run, int count) {
        var serializer = TopicCatalog.METADATA.bind(registry).valueSerde().serializer();
        Instant now = Instant.now();
        List<Encoded> encoded = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instance nas = Instance.newBuilder().setSilo("nas").setSize(1_048_576L + i).setMtime(now).setCrc32c((long) i)
                    .setState(InstanceState.PRESENT).setSequencer(String.format("%016d-0", i)).setUpdatedAt(now).build();
            FileRecord record = FileRecord.newBuilder()
                    .setPath(String.format("/datasets/train/%s/part-%03d/shard-%07d.bin", run, i % 512, i))
                    .setInstances(List.of(nas))
                    .setTags(Map.of("stage", Tag.newBuilder().setValue("training").setSetBy("bench").setSetAt(now).build()))
                    .setVersion(1).setUpdatedAt(now).build();
            encoded.add(new Encoded(record.getPath(), serializer.serialize(Topics.METADATA, record)));
        }
        return encoded;
    }

    /** One encoded FileRecord and its key (the path), which is also the key of its MoveCommand. */
    private record Encoded(String key, byte[] value) {
    }

    private static void publishConfig(Properties kafka, SchemaRegistry registry) throws Exception {
        Properties props = new Properties();
        props.putAll(kafka);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            var silos = TopicCatalog.SILOS.bind(registry).valueSerde().serializer();
            for (Silo silo : List.of(silo("nas", "onprem", Tier.CAPACITY), silo("gpu-nvme", "gpu-east", Tier.NVME))) {
                producer.send(new ProducerRecord<>(Topics.SILOS, silo.getId(), silos.serialize(Topics.SILOS, silo))).get();
            }
            Policy policy = Policy.newBuilder().setName("training-on-nvme").setWhen("tags.stage == 'training'")
                    .setPlace(PlacementSelector.newBuilder().setSite("gpu-east").setTier(Tier.NVME).build())
                    .setCopies(1).setPriority(10).setUpdatedAt(Instant.now()).build();
            producer.send(new ProducerRecord<>(Topics.POLICIES, policy.getName(),
                    TopicCatalog.POLICIES.bind(registry).valueSerde().serializer().serialize(Topics.POLICIES, policy))).get();
        }
    }

    private static Silo silo(String id, String site, Tier tier) {
        return Silo.newBuilder().setId(id).setKind(SiloKind.POSIX).setMount("/datasets").setSite(site).setTier(tier)
                .setRoot("/srv/" + id).setCapacityBytes(1L << 50).build();
    }
}
