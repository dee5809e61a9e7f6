package io.meridian.devstack.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the registry's storage topic when it is absent and refuses one that would lose schemas.
 *
 * <p>The topic must be compacted (a deleting topic would drop old schemas after its retention) and
 * have one partition (the registry relies on one total order of writes), as Confluent requires.
 */
final class SchemasTopic {
    private static final Logger LOG = LoggerFactory.getLogger(SchemasTopic.class);

    private SchemasTopic() {
    }

    static void ensure(Admin admin, String topic, Duration timeout) throws InterruptedException {
        try {
            create(admin, topic, timeout);
            verifyOnceKnown(admin, topic, timeout);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create or check the schema topic '" + topic + "': " + e, e);
        }
    }

    private static void create(Admin admin, String topic, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created schema topic {} (compacted, 1 partition)", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** A topic just created may not be in the broker's metadata yet: retry that answer until the timeout. */
    private static void verifyOnceKnown(Admin admin, String topic, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                verify(admin, topic, timeout);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void verify(Admin admin, String topic, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        if (description.partitions().size() != 1) {
            throw new IllegalStateException("the schema topic '" + topic + "' has " + description.partitions().size()
                    + " partitions; it must have exactly 1: recreate it or choose another topic");
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(Set.of(resource)).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!policy.equals(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new IllegalStateException("the schema topic '" + topic + "' has cleanup.policy=" + policy
                    + "; it must be 'compact' or old schemas are deleted: fix the topic or choose another one");
        }
    }
}
