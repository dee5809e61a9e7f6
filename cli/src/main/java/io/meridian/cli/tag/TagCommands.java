package io.meridian.cli.tag;

import io.meridian.cli.runtime.Connections;
import io.meridian.namespace.LogicalPath;
import io.meridian.namespace.TagNames;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.TagOp;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds validated tag commands from command-line arguments and publishes them to
 * meridian.tag-commands, keyed by path. Everything is checked here, before anything is sent.
 */
final class TagCommands {
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private TagCommands() {
    }

    /** The path, checked as a directory (ending in '/') or a file path. */
    static String path(String path) {
        return LogicalPath.isDirectory(path) ? LogicalPath.directory(path) : LogicalPath.file(path);
    }

    /** A SET command from {@code key=value} arguments. */
    static TagCommand set(String path, List<String> assignments, String actor) {
        Map<String, String> tags = new TreeMap<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("'" + assignment + "' is not key=value, e.g. stage=training");
            }
            String key = TagNames.checkKey(assignment.substring(0, eq));
            tags.put(key, TagNames.checkValue(key, assignment.substring(eq + 1)));
        }
        return command(path, TagOp.SET, tags, List.of(), actor);
    }

    /** A REMOVE command of {@code keys}. */
    static TagCommand remove(String path, List<String> keys, String actor) {
        keys.forEach(TagNames::checkKey);
        return command(path, TagOp.REMOVE, Map.of(), keys, actor);
    }

    /** Who runs this command: $USER, else the JVM's user name. */
    static String actor() {
        String user = System.getenv("USER");
        return user == null || user.isBlank() ? System.getProperty("user.name", "unknown") : user;
    }

    /** Publishes one command and waits for the broker's acknowledgement. */
    static void publish(Connections connections, TagCommand command) throws InterruptedException {
        java.util.Properties props = connections.kafka();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (SchemaRegistry registry = connections.registry();
             KafkaProducer<String, TagCommand> producer = new KafkaProducer<>(props, new StringSerializer(),
                     TopicCatalog.TAG_COMMANDS.bind(registry).valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.TAG_COMMANDS, command.getPath(), command))
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot publish to " + Topics.TAG_COMMANDS + ": " + cause.getMessage()
                    + "; is Kafka reachable and were the topics created (meridian init / meridian up)?", cause);
        }
    }

    private static TagCommand command(String path, TagOp op, Map<String, String> tags, List<String> keys, String actor) {
        return TagCommand.newBuilder().setPath(path(path)).setOp(op).setTags(tags).setKeys(List.copyOf(keys))
                .setActor(actor).setAt(Instant.now()).setCommandId(UUID.randomUUID().toString()).build();
    }
}
