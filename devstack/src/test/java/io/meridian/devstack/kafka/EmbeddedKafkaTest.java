package io.meridian.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.devstack.LocalPorts;
import io.meridian.devstack.PortInUseException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real KRaft broker: client round trips on a shared broker, restarts and port clashes on their own. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("integration")
class EmbeddedKafkaTest {
    private static EmbeddedKafka shared;

    @BeforeAll
    static void startSharedBroker(@TempDir Path dataDir) {
        shared = EmbeddedKafka.builder().dataDir(dataDir).build().start();
    }

    @AfterAll
    static void stopSharedBroker() {
        if (shared != null) {
            shared.close();
        }
    }

    @Test
    void shouldDeliverProducedRecordsToAConsumerGroup() throws Exception {
        KafkaClients.produce(shared.bootstrapServers(), "round-trip", Map.of("k1", "v1", "k2", "v2"));

        assertThat(KafkaClients.consume(shared.bootstrapServers(), "round-trip", 2))
                .containsExactlyInAnyOrder("k1=v1", "k2=v2");
    }

    @Test
    void shouldCommitATransactionOnTheSingleNodeTransactionLog() throws Exception {
        KafkaClients.produceInTransaction(shared.bootstrapServers(), "transactional", "k", "v");

        assertThat(KafkaClients.consume(shared.bootstrapServers(), "transactional", 1)).containsExactly("k=v");
    }

    @Test
    void shouldGiveNewTopicsThreePartitionsByDefault() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", shared.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("defaults", Optional.empty(), Optional.empty()))).all().get();

            assertThat(partitionsOnceKnown(admin, "defaults")).isEqualTo(3);
        }
    }

    /**
     * The topic's partition count once the broker knows it: createTopics answers when the controller
     * has the topic, which can be before the broker's metadata has it (seen in CI as
     * UnknownTopicOrPartitionException from an immediate describeTopics).
     */
    private static int partitionsOnceKnown(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions().size();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void shouldKeepTopicsRecordsAndClusterIdWhenRestartedOnTheSameDirectoryAndPort(@TempDir Path dataDir)
            throws Exception {
        int port = LocalPorts.freePort();
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dataDir).port(port).build().start()) {
            clusterId = kafka.clusterId();
            KafkaClients.produce(kafka.bootstrapServers(), "kept", Map.of("a", "1"));
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dataDir).port(port).build().start()) {
            KafkaClients.produce(kafka.bootstrapServers(), "kept", Map.of("b", "2"));

            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            assertThat(KafkaClients.consume(kafka.bootstrapServers(), "kept", 2)).containsExactlyInAnyOrder("a=1", "b=2");
        }
    }

    @Test
    void shouldSayWhichPortIsInUseAndWhatToDo(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 0, LocalPorts.loopback())) {
            EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dataDir).port(taken.getLocalPort()).build();

            assertThatThrownBy(kafka::start).isInstanceOf(PortInUseException.class)
                    .hasMessage("port " + taken.getLocalPort()
                            + " is in use: stop the other process or choose another port");
        }
    }
}
