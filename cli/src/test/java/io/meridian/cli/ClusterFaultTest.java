package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.cli.runtime.Connections;
import io.meridian.cli.runtime.EndpointsFile;
import io.meridian.cli.runtime.Initializer;
import io.meridian.cli.runtime.StageCatalog;
import io.meridian.cli.runtime.StageRole;
import io.meridian.query.QueryStages;
import io.meridian.query.partition.PartitionedFiles;
import io.meridian.query.partition.PartitionedQueryTier;
import java.util.EnumSet;
import io.meridian.config.ConfigLoader;
import io.meridian.config.MeridianConfig;
import io.meridian.devstack.registry.EmbeddedSchemaRegistry;
import io.meridian.http.HttpApi;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.MoveStatus;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.stage.Stage;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meridian on a 3-broker KRaft cluster (replication factor 3, {@code min.insync.replicas} 2) with two
 * instances of every stage, as separate stage sets in one JVM (each with its own clients and state
 * directory). While a placement of a few thousand files runs, one broker stops and one instance of
 * every stage stops; afterwards every file is where its policy says with the same bytes, no command
 * had a success and a failure, the view holds each instance exactly once, a staging request still
 * completes, and the surviving {@code serve} answers. The two serves run the partitioned query tier:
 * each holds only its partitions of the metadata until A stops, then B takes A's over and answers alone.
 */
@Timeout(600)
@Tag("integration")
class ClusterFaultTest {
    private static final int FILES = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void shouldPlaceEveryFileAndStageThroughTheLossOfABrokerAndOfOneInstanceOfEveryStage() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setNumBrokerNodes(3).setNumControllerNodes(1)
                .setBaseDirectory(dir.resolve("kafka")).build();
        try (KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("default.replication.factor", "3")
                .setConfigProp("min.insync.replicas", "2")
                .setConfigProp("offsets.topic.replication.factor", "3")
                .setConfigProp("transaction.state.log.replication.factor", "3")
                .setConfigProp("transaction.state.log.min.isr", "2")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build()) {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder().bootstrapServers(cluster.bootstrapServers())
                    .port(0).build().start()) {
                run(cluster, registry);
            }
        }
    }

    private void run(KafkaClusterTestKit cluster, EmbeddedSchemaRegistry registry) throws Exception {
        Path nas = Files.createDirectories(dir.resolve("nas/in"));
        Files.createDirectories(dir.resolve("nas/stage"));
        Files.createDirectories(dir.resolve("nvme"));
        Path configFile = Files.writeString(dir.resolve("meridian.yaml"), """
                kafka: {bootstrap: "%s", partitions: 6, replicationFactor: 3}
                schemaRegistry: {url: "%s"}
                http: {port: 0}
                silos:
                  - {id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 1GiB}
                  - {id: nvme, kind: posix, root: ./nvme, mount: /datasets, site: gpu-east, tier: nvme, capacity: 1GiB}
                policies:
                  - name: in-on-nvme
                    when: "path.startsWith('/datasets/in/')"
                    place: {tier: nvme}
                """.formatted(cluster.bootstrapServers(), registry.url()));
        MeridianConfig config = ConfigLoader.load(configFile);
        Connections connections = Connections.of(config, (EndpointsFile) null);
        Initializer.run(config, connections);
        for (int i = 0; i < FILES; i++) {
            Files.writeString(nas.resolve("f" + i + ".bin"), "content of file " + i);
        }

        // both serve from the partitioned query tier: each holds only its partitions until A stops, then B all
        List<Stage> a = StageCatalog.forRoles(connections.stageContext(config, dir.resolve("state-a"), null),
                EnumSet.allOf(StageRole.class), 0, QueryStages.Store.PARTITIONED);
        List<Stage> b = StageCatalog.forRoles(connections.stageContext(config, dir.resolve("state-b"), null),
                EnumSet.allOf(StageRole.class), 0, QueryStages.Store.PARTITIONED);
        List<Stage> started = new ArrayList<>();
        try {
            for (Stage stage : Stream.concat(a.stream(), b.stream()).toList()) {
                stage.start();
                started.add(stage);
            }
            String urlB = url(b);
            awaitCount(urlB, "SELECT count(*) AS n FROM instances WHERE silo = 'nvme' AND state = 'present'", FILES / 4,
                    Duration.ofMinutes(3));

            awaitSplit(a, b);

            // The faults: a broker, and one instance of every stage (watchers, classifier, placement, movers, serve).
            int broker = cluster.brokers().keySet().iterator().next();
            cluster.brokers().get(broker).shutdown();
            cluster.brokers().get(broker).awaitShutdown();
            for (int i = a.size() - 1; i >= 0; i--) {
                a.get(i).close();
                started.remove(a.get(i));
            }

            for (int i = 0; i < 20; i++) {
                Files.writeString(dir.resolve("nas/stage/s" + i + ".bin"), "staged " + i);
            }
            try {
                awaitCount(urlB, "SELECT count(*) AS n FROM instances WHERE silo = 'nas' AND path LIKE '/datasets/stage/%'", 20,
                        Duration.ofMinutes(2));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; leases of the survivor: " + b.stream()
                        .filter(io.meridian.watchers.lease.SiloLease.class::isInstance)
                        .map(s -> ((io.meridian.watchers.lease.SiloLease) s).silo() + "=" + ((io.meridian.watchers.lease.SiloLease) s).holding()
                                + "/" + ((io.meridian.watchers.lease.SiloLease) s).watcher().isPresent()).toList()
                        + "; files in the survivor's view: " + count(urlB, "SELECT count(*) AS n FROM files"), e);
            }
            String request = post(urlB + "/v1/staging", "{\"job\":\"fault-1\",\"site\":\"gpu-east\",\"prefixes\":[\"/datasets/stage/\"],"
                    + "\"deadline\":\"10m\",\"pinUntil\":\"1h\"}").path("requestId").asText();

            awaitCount(urlB, "SELECT count(*) AS n FROM instances WHERE silo = 'nvme' AND state = 'present' AND path LIKE '/datasets/in/%'",
                    FILES, Duration.ofMinutes(5));
            awaitState(urlB, request, "READY", Duration.ofMinutes(3));

            for (int i = 0; i < FILES; i++) {
                Path copy = dir.resolve("nvme/in/f" + i + ".bin");
                assertThat(copy).as("the copy of f%d", i).hasContent("content of file " + i);
            }
            assertThat(count(urlB, "SELECT count(*) AS n FROM (SELECT path, silo, count(*) AS c FROM instances "
                    + "WHERE path LIKE '/datasets/in/%' GROUP BY path, silo HAVING count(*) > 1) AS d")).as("duplicated instances").isZero();
            assertThat(count(urlB, "SELECT count(*) AS n FROM instances WHERE path LIKE '/datasets/in/%' AND state = 'present'"))
                    .as("each file on nas and on nvme, once").isEqualTo(2L * FILES);
            assertThat(outcomesThatDisagree(cluster, registry)).isEmpty();
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        }
    }

    /** Command ids with both a success (SUCCEEDED, ALREADY_PRESENT) and a failure (FAILED, SOURCE_CHANGED). */
    private static List<String> outcomesThatDisagree(KafkaClusterTestKit cluster, EmbeddedSchemaRegistry registry) throws Exception {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        Map<String, Set<Boolean>> outcomes = new HashMap<>();
        try (SchemaRegistry client = io.meridian.schemas.registry.HttpSchemaRegistryClient.of(registry.url())) {
            Deserializer<MoveResult> values = TopicCatalog.MOVE_RESULTS.bind(client).valueSerde().deserializer();
            values.configure(Map.of(), false);
            try (KafkaConsumer<String, MoveResult> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.MOVE_RESULTS).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                    for (ConsumerRecord<String, MoveResult> record : consumer.poll(Duration.ofMillis(500))) {
                        MoveStatus status = record.value().getStatus();
                        boolean success = status == MoveStatus.SUCCEEDED || status == MoveStatus.ALREADY_PRESENT;
                        outcomes.computeIfAbsent(record.value().getCommandId(), id -> new HashSet<>()).add(success);
                    }
                }
            }
        }
        assertThat(outcomes).as("move results").isNotEmpty();
        return outcomes.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
    }

    /** Waits until each instance's partitioned query tier owns some but not all of the metadata's partitions. */
    private static void awaitSplit(List<Stage> a, List<Stage> b) throws InterruptedException {
        PartitionedFiles filesA = tier(a).files();
        PartitionedFiles filesB = tier(b).files();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (filesA.ownedPartitions().isEmpty() || filesB.ownedPartitions().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the partitioned query tiers did not share the partitions: A owns "
                        + filesA.ownedPartitions() + ", B owns " + filesB.ownedPartitions());
            }
            Thread.sleep(200);
        }
        assertThat(filesA.ownedPartitions()).as("A's partitions").doesNotContainAnyElementsOf(filesB.ownedPartitions());
    }

    private static PartitionedQueryTier tier(List<Stage> stages) {
        return stages.stream().filter(PartitionedQueryTier.class::isInstance).map(PartitionedQueryTier.class::cast)
                .findFirst().orElseThrow();
    }

    private static String url(List<Stage> stages) {
        return stages.stream().filter(HttpApi.class::isInstance).map(s -> ((HttpApi) s).url()).findFirst().orElseThrow();
    }

    private static void awaitCount(String url, String sql, long atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = count(url, sql);
            if (seen >= atLeast) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(sql + " answered " + seen + ", not " + atLeast + ", within " + timeout);
    }

    private static void awaitState(String url, String request, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/staging/" + request)).build(),
                    HttpResponse.BodyHandlers.ofString());
            seen = answer.body();
            if (answer.statusCode() == 200 && JSON.readTree(seen).path("state").asText().equals(state)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("staging request " + request + " not " + state + " within " + timeout + ": " + seen);
    }

    private static long count(String url, String sql) throws Exception {
        JsonNode rows = post(url + "/v1/query", JSON.writeValueAsString(Map.of("sql", sql, "format", "json"))).path("rows");
        return rows.size() == 0 ? 0 : rows.get(0).path("n").asLong(rows.get(0).path(0).asLong());
    }

    /** Where the query threads are, for a query that ran past its timeout. */
    private static String queryThreads() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().contains("query") || thread.getName().contains("http")) {
                out.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                for (int i = 0; i < Math.min(25, stack.length); i++) {
                    out.append("    at ").append(stack[i]).append('\n');
                }
            }
        });
        return out.toString();
    }

    private static JsonNode post(String url, String body) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new AssertionError("POST " + url + " " + body + " answered " + answer.statusCode() + ": " + answer.body()
                    + "\n" + queryThreads());
        }
        return JSON.readTree(answer.body());
    }
}
