package io.meridian.query.store;

import io.meridian.namespace.LogicalPath;
import io.meridian.schemas.AccessEvent;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.schemas.TagCommand;
import io.meridian.streams.DeadLetters;
import io.meridian.topics.Topic;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.TopicDef;
import io.meridian.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;


/**
 * Decodes one record of a materialized topic and applies it to the {@link MetadataStore}. Keys are
 * UTF-8 strings (path, silo id, policy name or request id); a null value is a tombstone. Of the tag
 * commands only those on directories are kept (a file's tags are in its record); access events are
 * kept as the most recent reads. Dead letters
 * are kept as their {@code __streams.errors.*} headers, whatever their key and value. Throws on a
 * record that does not decode or whose key is not a valid path, so the caller can count and skip it.
 */
final class RecordApplier {
    /** The topics this store materializes (and dead letters, kept as their headers). */
    private static final List<TopicDef<String, ?>> MATERIALIZED = List.of(TopicCatalog.METADATA, TopicCatalog.SILOS,
            TopicCatalog.SILO_USAGE, TopicCatalog.STAGING_STATUS, TopicCatalog.MOVE_COMMANDS, TopicCatalog.MOVE_RESULTS,
            TopicCatalog.POLICIES, TopicCatalog.STAGING_REQUESTS, TopicCatalog.TAG_COMMANDS, TopicCatalog.ACCESS_EVENTS);
    static final List<String> TOPICS = Stream.concat(MATERIALIZED.stream().map(TopicDef::name), Stream.of(Topics.DEAD_LETTERS))
            .toList();

    private final MetadataStore store;
    private final Map<String, Topic<String, ?>> decoders = new HashMap<>();

    RecordApplier(MetadataStore store, SchemaRegistry registry) {
        this.store = store;
        MATERIALIZED.forEach(def -> decoders.put(def.name(), def.bindWithoutRegistering(registry)));
    }

    void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(Topics.DEAD_LETTERS)) {
            store.deadLetter(new DeadLetterRow(record.timestamp(), header(record, DeadLetters.HEADER_STAGE),
                    header(record, DeadLetters.HEADER_TOPIC), header(record, DeadLetters.HEADER_MESSAGE)));
            return;
        }
        if (record.key() == null) {
            throw new IllegalArgumentException("record without a key");
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.topic().equals(Topics.METADATA) && !store.holdsFiles() && !store.hasFileListeners()) {
            store.fileTouched(); // the files are held by the partitioned tier and nobody here needs the row
            return;
        }
        Object value = record.value() == null ? null : decoders.get(record.topic()).value(record.value());
        switch (record.topic()) {
            case Topics.METADATA -> applyFile(key, (FileRecord) value);
            case Topics.SILOS -> store.putSilo(key, (Silo) value);
            case Topics.SILO_USAGE -> store.putUsage(key, (SiloUsage) value);
            case Topics.STAGING_STATUS -> store.putStaging(key, (StagingStatus) value);
            case Topics.POLICIES -> store.putPolicy(key, (Policy) value);
            case Topics.STAGING_REQUESTS -> store.putStagingRequest(key, (StagingRequest) value);
            case Topics.TAG_COMMANDS -> {
                if (value != null && LogicalPath.isDirectory(key)) {
                    store.directoryTagCommand(LogicalPath.directory(key), (TagCommand) value);
                }
            }
            case Topics.MOVE_COMMANDS -> {
                if (value != null) {
                    store.moveIssued((MoveCommand) value);
                }
            }
            case Topics.MOVE_RESULTS -> {
                if (value != null) {
                    store.moveFinished((MoveResult) value);
                }
            }
            case Topics.ACCESS_EVENTS -> {
                if (value instanceof AccessEvent read) {
                    store.accessed(new AccessRow(key, read.getSilo(), read.getBytes(), read.getReader(), read.getAt().toEpochMilli()));
                }
            }
            default -> throw new IllegalArgumentException("not a materialized topic: " + record.topic());
        }
    }

    /** A header's value as UTF-8, or "" when the record has none by that name. */
    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void applyFile(String key, FileRecord record) {
        LogicalPath.file(key);
        if (record == null) {
            store.removeFile(key);
        } else if (!record.getPath().equals(key)) {
            throw new IllegalArgumentException("record path " + record.getPath() + " differs from its key " + key);
        } else {
            store.putFile(record);
        }
    }
}
