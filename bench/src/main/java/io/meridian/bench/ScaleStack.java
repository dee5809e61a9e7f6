package io.meridian.bench;

import io.meridian.classifier.ClassifierApp;
import io.meridian.cli.runtime.Connections;
import io.meridian.cli.runtime.EndpointsFile;
import io.meridian.cli.runtime.Initializer;
import io.meridian.cli.runtime.StageCatalog;
import io.meridian.cli.runtime.StageRole;
import io.meridian.config.ConfigLoader;
import io.meridian.config.MeridianConfig;
import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.placement.PlacementApp;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * One embedded broker and schema registry, initialised as {@code meridian init} does it (every topic
 * with the config's partitions, schemas, silos and policies), and instances of a stage started as a
 * process runs them: {@link StageCatalog#forRoles} on a context of their own (own clients, own state
 * directory), the way ClusterFaultTest runs two instances of every stage in one JVM. Closing stops the
 * instances and the broker and deletes the broker's logs and the instances' RocksDB directories.
 */
final class ScaleStack implements AutoCloseable {
    /** The policy the placement rounds' records match: every file tagged stage=training gets a copy on nvme. */
    static final String POLICY = "training-on-nvme";

    private final Path dir;
    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;
    private final MeridianConfig config;
    private final Connections connections;
    private final List<Instance> instances = new ArrayList<>();

    /** One running instance of a stage: its context, its stages, and its Streams app's metrics. */
    record Instance(StageContext context, List<Stage> stages, Supplier<Map<MetricName, ? extends Metric>> streamsMetrics) {
    }

    private ScaleStack(Path dir, EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, MeridianConfig config) {
        this.dir = dir;
        this.kafka = kafka;
        this.registry = registry;
        this.config = config;
        this.connections = Connections.of(config, (EndpointsFile) null);
    }

    /** Starts a broker and a registry under {@code dir}, and initialises them with {@code partitions} per topic. */
    static ScaleStack start(Path dir, int partitions) throws Exception {
        Files.createDirectories(dir.resolve("nas"));
        Files.createDirectories(dir.resolve("nvme"));
        EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(0).build().start();
        EmbeddedSchemaRegistry registry;
        try {
            registry = EmbeddedSchemaRegistry.builder().bootstrapServers(kafka.bootstrapServers()).port(0).build().start();
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
        MeridianConfig config = ConfigLoader.parse("bench", """
                kafka: {bootstrap: "%s", partitions: %d, replicationFactor: 1}
                schemaRegistry: {url: "%s"}
                http: {port: 0}
                silos:
                  - {id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 1PiB}
                  - {id: nvme, kind: posix, root: ./nvme, mount: /datasets, site: gpu-east, tier: nvme, capacity: 1PiB}
                policies:
                  - name: %s
                    when: "tags.stage == 'training'"
                    place: {site: gpu-east, tier: nvme}
                """.formatted(kafka.bootstrapServers(), partitions, registry.url(), POLICY), dir);
        ScaleStack stack = new ScaleStack(dir, kafka, registry, config);
        try {
            Initializer.run(config, stack.connections);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    String bootstrap() {
        return kafka.bootstrapServers();
    }

    Connections connections() {
        return connections;
    }

    /** Creates topics of the stack's partitions that are no Meridian topic (a peer's). */
    void createTopics(String... names) throws Exception {
        try (Admin admin = Admin.create(connections.kafka())) {
            admin.createTopics(java.util.Arrays.stream(names)
                    .map(name -> new NewTopic(name, config.kafka().partitions(), (short) 1)).toList()).all().get();
        }
    }

    /**
     * Starts one more instance of {@code role} (CLASSIFY or PLACE), with the stages {@code meridian up
     * --stages <role>} runs for it, in a state directory of its own; returns once its app is RUNNING.
     */
    Instance startInstance(StageRole role) throws Exception {
        StageContext context = connections.stageContext(config, dir.resolve("state-" + instances.size()), null);
        List<Stage> stages = StageCatalog.forRoles(context, EnumSet.of(role));
        Instance instance = new Instance(context, stages, streamsMetrics(stages));
        instances.add(instance);
        for (Stage stage : stages) {
            stage.start();
        }
        return instance;
    }

    private static Supplier<Map<MetricName, ? extends Metric>> streamsMetrics(List<Stage> stages) {
        for (Stage stage : stages) {
            if (stage instanceof ClassifierApp app) {
                return app::streamsMetrics;
            }
            if (stage instanceof PlacementApp app) {
                return app::streamsMetrics;
            }
        }
        throw new IllegalArgumentException("no Streams stage among " + stages.stream().map(Stage::name).toList());
    }

    @Override
    public void close() {
        for (int i = instances.size() - 1; i >= 0; i--) {
            List<Stage> stages = instances.get(i).stages();
            for (int s = stages.size() - 1; s >= 0; s--) {
                stages.get(s).close();
            }
        }
        registry.close();
        kafka.close();
        try {
            MoverBenchSupport.deleteTree(dir); // broker logs and RocksDB: hundreds of MB per stack
        } catch (java.io.IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
