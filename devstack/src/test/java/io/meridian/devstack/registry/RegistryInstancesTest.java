package io.meridian.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.devstack.kafka.EmbeddedKafka;
import io.meridian.devstack.kafka.KafkaClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Registries that share a broker: restarts and concurrent instances. Each test uses its own topic. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("integration")
class RegistryInstancesTest {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker(@TempDir Path dataDir) {
        kafka = EmbeddedKafka.builder().dataDir(dataDir).build().start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldServeEarlierIdsAfterARestart() throws Exception {
        int id;
        int evolvedId;
        try (EmbeddedSchemaRegistry first = registry("_schemas_restart").start()) {
            RegistryHttpClient client = new RegistryHttpClient(first.url());
            id = client.register("restart-value", TestSchemas.V1);
            evolvedId = client.register("restart-value", TestSchemas.V2_WITH_DEFAULT);
            client.put("/config/restart-value", Map.of("compatibility", "FULL"));
        }
        try (EmbeddedSchemaRegistry second = registry("_schemas_restart").start()) {
            RegistryHttpClient client = new RegistryHttpClient(second.url());

            assertThat(client.get("/schemas/ids/" + id).status()).isEqualTo(200);
            assertThat(client.get("/subjects/restart-value/versions/latest").body().get("id").asInt())
                    .isEqualTo(evolvedId);
            assertThat(client.get("/config/restart-value").body().get("compatibilityLevel").asText()).isEqualTo("FULL");
            assertThat(client.register("restart-value", TestSchemas.V1)).isEqualTo(id);
            assertThat(client.register("restart-other-value", TestSchemas.numbered(1))).isGreaterThan(evolvedId);
        }
    }

    @Test
    void shouldSkipUnreadableRecordsInTheTopicAndKeepServing() throws Exception {
        int id;
        try (EmbeddedSchemaRegistry first = registry("_schemas_garbage").start()) {
            id = new RegistryHttpClient(first.url()).register("garbage-value", TestSchemas.V1);
        }
        KafkaClients.produce(kafka.bootstrapServers(), "_schemas_garbage",
                Map.of("not json", "{}", "{\"keytype\":\"SCHEMA\"}", "{\"id\":1}"));

        try (EmbeddedSchemaRegistry second = registry("_schemas_garbage").start()) {
            RegistryHttpClient client = new RegistryHttpClient(second.url());

            assertThat(client.get("/schemas/ids/" + id).status()).isEqualTo(200);
            assertThat(client.register("garbage-value", TestSchemas.V2_WITH_DEFAULT)).isGreaterThan(id);
        }
    }

    @Test
    void shouldRefuseATopicThatWouldLoseSchemas() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("_schemas_deleting", 1, (short) 1))).all().get();
        }
        EmbeddedSchemaRegistry registry = registry("_schemas_deleting");

        assertThatThrownBy(registry::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cleanup.policy=delete");
    }

    @Test
    void shouldGiveDistinctIdsToDifferentSchemasRegisteredConcurrentlyThroughTwoInstances() throws Exception {
        int perInstance = 15;
        try (EmbeddedSchemaRegistry one = registry("_schemas_race").start();
             EmbeddedSchemaRegistry two = registry("_schemas_race").start()) {
            List<RegistryHttpClient> clients =
                    List.of(new RegistryHttpClient(one.url()), new RegistryHttpClient(two.url()));
            List<Integer> ids = registerConcurrently(clients, perInstance);

            assertThat(new HashSet<>(ids)).hasSize(2 * perInstance);
            for (RegistryHttpClient client : clients) {
                for (int i = 0; i < ids.size(); i++) {
                    assertThat(client.get("/schemas/ids/" + ids.get(i)).body().get("schema").asText())
                            .contains("Numbered" + i);
                }
                assertThat(client.get("/subjects").body()).hasSize(2 * perInstance);
            }
        }
    }

    @Test
    void shouldAgreeOnOneIdWhenTwoInstancesRegisterTheSameSchemaConcurrently() throws Exception {
        try (EmbeddedSchemaRegistry one = registry("_schemas_same").start();
             EmbeddedSchemaRegistry two = registry("_schemas_same").start()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Integer> first = pool.submit(() -> new RegistryHttpClient(one.url())
                        .register("same-a-value", TestSchemas.V1));
                Future<Integer> second = pool.submit(() -> new RegistryHttpClient(two.url())
                        .register("same-b-value", TestSchemas.V1));
                assertThat(first.get()).isEqualTo(second.get());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Schema i goes to subject "race-i-value" through client i % 2; returns the ids in schema order. */
    private static List<Integer> registerConcurrently(List<RegistryHttpClient> clients, int perInstance)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size() * 2);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < perInstance * clients.size(); i++) {
                RegistryHttpClient client = clients.get(i % clients.size());
                int n = i;
                Callable<Integer> task = () -> client.register("race-" + n + "-value", TestSchemas.numbered(n));
                futures.add(pool.submit(task));
            }
            List<Integer> ids = new ArrayList<>();
            for (Future<Integer> future : futures) {
                ids.add(future.get());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    private static EmbeddedSchemaRegistry registry(String topic) {
        return EmbeddedSchemaRegistry.builder().bootstrapServers(kafka.bootstrapServers()).topic(topic)
                .timeout(Duration.ofSeconds(10)).build();
    }

}
