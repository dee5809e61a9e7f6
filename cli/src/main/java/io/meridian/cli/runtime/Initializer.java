package io.meridian.cli.runtime;

import io.meridian.cli.ops.Publisher;
import io.meridian.cli.tail.TopicReader;
import io.meridian.config.MeridianConfig;
import io.meridian.config.PolicyConfig;
import io.meridian.config.SiloConfig;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.Topic;
import io.meridian.topics.TopicBootstrap;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.TopicSpec;
import io.meridian.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code meridian init}: creates every topic, registers every value schema under its
 * {@code <topic>-value} subject (so an incompatible build is refused before it writes anything),
 * and publishes the config's silos and policies to their compacted topics, so that every stage and
 * every other process reads the same view of them. Idempotent.
 */
public final class Initializer {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What init did, for the user. */
    public record Report(TopicBootstrap.Report topics, int schemas, int silos, int policies) {
    }

    private Initializer() {
    }

    public static Report run(MeridianConfig config, Connections connections) {
        TopicBootstrap.Report topics;
        try (Admin admin = Admin.create(connections.kafka())) {
            topics = new TopicBootstrap(admin, TIMEOUT).ensure(Topics.all(), config.kafka().partitions(),
                    config.kafka().replicationFactor());
        }
        try (SchemaRegistry registry = connections.registry()) {
            int schemas = registerSchemas(registry);
            publish(connections.kafka(), registry, config);
            return new Report(topics, schemas, config.silos().size(), config.policies().size());
        }
    }

    private static int registerSchemas(SchemaRegistry registry) {
        int count = 0;
        for (TopicSpec spec : Topics.all()) {
            if (spec.valueSchema() != null) {
                registry.register(spec.valueSubject(), spec.valueSchema());
                count++;
            }
        }
        return count;
    }

    private static void publish(Properties kafka, SchemaRegistry registry, MeridianConfig config) {
        Instant now = Instant.now();
        Map<String, SiloState> states = lifecycleStates(kafka, registry);
        List<Silo> silos = new ArrayList<>();
        for (SiloConfig configured : config.silos()) {
            Silo silo = configured.toAvro();
            silo.setState(states.getOrDefault(silo.getId(), SiloState.ACTIVE));
            silos.add(silo);
        }
        List<Policy> policies = config.policies().stream().map(p -> p.toAvro(now)).toList();
        try (Publisher publisher = new Publisher(kafka)) {
            publisher.publishAll(TopicCatalog.SILOS.bind(registry), silos, Silo::getId);
            publisher.publishAll(TopicCatalog.POLICIES.bind(registry), policies, Policy::getName);
        }
    }

    /**
     * The state each silo already has on {@code meridian.silos}: a restart must not turn a DRAINING or
     * RETIRED silo (set by {@code meridian silo drain}) back into an ACTIVE one.
     */
    private static Map<String, SiloState> lifecycleStates(Properties kafka, SchemaRegistry registry) {
        Map<String, SiloState> states = new HashMap<>();
        Topic<String, Silo> silos = TopicCatalog.SILOS.bind(registry);
        try (TopicReader reader = new TopicReader(kafka, Topics.SILOS)) {
            reader.read(TopicReader.ALL, false, record -> {
                Silo silo = record.value() == null ? null : silos.value(record.value());
                String id = new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
                if (silo == null) {
                    states.remove(id);
                } else {
                    states.put(id, silo.getState());
                }
            });
        }
        return states;
    }
}
