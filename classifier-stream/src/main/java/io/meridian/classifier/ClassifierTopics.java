package io.meridian.classifier;

import io.meridian.schemas.AccessEvent;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.streams.StateSerdes;
import io.meridian.topics.Topic;
import io.meridian.topics.TopicCatalog;

/**
 * The public topics the classifier reads and writes, with their serdes: string keys (logical path,
 * or silo id) and Avro values in the Confluent wire format, schemas in the registry; and the serdes
 * of its own stores and internal topics ({@code state}), whose schemas go to the same registry.
 */
public record ClassifierTopics(
        Topic<String, FileEvent> fileEvents,
        Topic<String, TagCommand> tagCommands,
        Topic<String, MoveResult> moveResults,
        Topic<String, AccessEvent> accessEvents,
        Topic<String, Silo> silos,
        Topic<String, FileRecord> metadata,
        Topic<String, SiloUsage> siloUsage,
        StateSerdes state) {

    /** The topics with registry serdes that register the schemas they write. */
    public static ClassifierTopics of(SchemaRegistry registry) {
        return new ClassifierTopics(
                TopicCatalog.FILE_EVENTS.bind(registry),
                TopicCatalog.TAG_COMMANDS.bind(registry),
                TopicCatalog.MOVE_RESULTS.bind(registry),
                TopicCatalog.ACCESS_EVENTS.bind(registry),
                TopicCatalog.SILOS.bind(registry),
                TopicCatalog.METADATA.bind(registry),
                TopicCatalog.SILO_USAGE.bind(registry),
                new StateSerdes(registry));
    }
}
