package io.meridian.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates every Meridian topic that does not exist yet ({@code meridian init}), idempotently, on
 * embedded or external Kafka. Existing topics are never altered: a different cleanup policy or
 * fewer partitions than configured is reported as a warning that says how to fix it, because
 * changing either silently would reshuffle or delete data.
 */
public final class TopicBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);

    /** What {@link #ensure} found and did. */
    public record Report(List<String> created, List<String> existing, List<String> warnings) {
    }

    private final Admin admin;
    private final Duration timeout;

    public TopicBootstrap(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Ensures every topic in {@code specs} exists with {@code partitions} and {@code replicationFactor}. */
    public Report ensure(List<TopicSpec> specs, int partitions, short replicationFactor) {
        Set<String> present = await(admin.listTopics().names());
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (present.contains(spec.name())) {
                existing.add(spec.name());
            } else if (create(spec, partitions, replicationFactor)) {
                created.add(spec.name());
            } else {
                existing.add(spec.name());
            }
        }
        List<String> warnings = check(specs, existing, partitions);
        warnings.forEach(w -> LOG.warn("{}", w));
        LOG.info("Topics ready: {} created, {} already present", created.size(), existing.size());
        return new Report(created, existing, warnings);
    }

    private boolean create(TopicSpec spec, int partitions, short replicationFactor) {
        NewTopic topic = new NewTopic(spec.name(), partitions, replicationFactor).configs(spec.configs());
        try {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created topic {} ({} partitions, replication {}, {})", spec.name(), partitions,
                    replicationFactor, spec.configs());
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false; // another process created it between our list and create
            }
            throw new IllegalStateException("cannot create topic " + spec.name() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + spec.name(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not create topic " + spec.name() + " within " + timeout, e);
        }
    }

    private List<String> check(List<TopicSpec> specs, List<String> existing, int partitions) {
        List<String> warnings = new ArrayList<>();
        if (existing.isEmpty()) {
            return warnings;
        }
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(existing).allTopicNames());
        List<ConfigResource> resources = existing.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all());
        for (TopicSpec spec : specs) {
            TopicDescription description = descriptions.get(spec.name());
            if (description == null) {
                continue;
            }
            int actual = description.partitions().size();
            if (actual < partitions) {
                warnings.add("topic " + spec.name() + " has " + actual + " partitions, config asks for " + partitions
                        + "; Meridian keeps " + actual + " (increase with kafka-topics --alter only before data is written: keys would move)");
            }
            ConfigEntry cleanup = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (cleanup != null && !cleanup.value().equals(spec.cleanupPolicy())) {
                warnings.add("topic " + spec.name() + " has cleanup.policy=" + cleanup.value() + ", Meridian expects "
                        + spec.cleanupPolicy() + "; fix with kafka-configs --alter --entity-type topics --entity-name "
                        + spec.name() + " --add-config cleanup.policy=" + spec.cleanupPolicy());
            }
        }
        return warnings;
    }

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a topic request: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to Kafka", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + "; is the bootstrap address right?", e);
        }
    }
}
