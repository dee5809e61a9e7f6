package io.meridian.query.store;

import io.meridian.namespace.LogicalPath;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.schemas.serde.AvroSerde;
import io.meridian.streams.DeadLetters;
import io.meridian.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes one record of a materialized topic and applies it to the {@link MetadataStore}. Keys are
 * UTF-8 strings (path, silo id, policy name or request id); a null value is a tombstone. Dead letters
 * are kept as their {@code __streams.errors.*} headers, whatever their key and value. Throws on a
 * record that does not decode or whose key is not a valid path, so the caller can count and skip it.
 */
final class RecordApplier {
    /** The topics this store materializes. */
    static final List<String> TOPICS = List.of(Topics.METADATA, Topics.SILOS, Topics.SILO_USAGE,
            Topics.STAGING_STATUS, Topics.MOVE_COMMANDS, Topics.MOVE_RESULTS, Topics.POLICIES, Topics.STAGING_REQUESTS,
            Topics.DEAD_LETTERS);

    private final MetadataStore store;
    private final Map<String, Deserializer<?>> decoders;

    RecordApplier(MetadataStore store, SchemaRegistry registry) {
        this.store = store;
        this.decoders = Map.of(
                Topics.METADATA, AvroSerde.specific(FileRecord.class, registry, false).deserializer(),
                Topics.SILOS, AvroSerde.specific(Silo.class, registry, false).deserializer(),
                Topics.SILO_USAGE, AvroSerde.specific(SiloUsage.class, registry, false).deserializer(),
                Topics.STAGING_STATUS, AvroSerde.specific(StagingStatus.class, registry, false).deserializer(),
                Topics.MOVE_COMMANDS, AvroSerde.specific(MoveCommand.class, registry, false).deserializer(),
                Topics.MOVE_RESULTS, AvroSerde.specific(MoveResult.class, registry, false).deserializer(),
                Topics.POLICIES, AvroSerde.specific(Policy.class, registry, false).deserializer(),
                Topics.STAGING_REQUESTS, AvroSerde.specific(StagingRequest.class, registry, false).deserializer());
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
        Object value = record.value() == null ? null : decoders.get(record.topic()).deserialize(record.topic(), record.value());
        switch (record.topic()) {
            case Topics.METADATA -> applyFile(key, (FileRecord) value);
            case Topics.SILOS -> store.putSilo(key, (Silo) value);
            case Topics.SILO_USAGE -> store.putUsage(key, (SiloUsage) value);
            case Topics.STAGING_STATUS -> store.putStaging(key, (StagingStatus) value);
            case Topics.POLICIES -> store.putPolicy(key, (Policy) value);
            case Topics.STAGING_REQUESTS -> store.putStagingRequest(key, (StagingRequest) value);
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
