package io.meridian.placement;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.schemas.serde.AvroSerde;
import io.meridian.topics.Topic;
import io.meridian.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serde;

/** Every topic the placement app reads or writes, with its serdes, built from one registry client. */
public record PlacementTopics(
        Topic<String, FileRecord> metadata,
        Topic<String, MoveResult> moveResults,
        Topic<String, Policy> policies,
        Topic<String, Silo> silos,
        Topic<String, SiloUsage> siloUsage,
        Topic<String, StagingRequest> stagingRequests,
        Topic<String, StagingStatus> stagingStatus,
        Topic<String, MoveCommand> moveCommands,
        Topic<String, PlacementNotice> placementNotices) {

    public static PlacementTopics create(SchemaRegistry registry) {
        return new PlacementTopics(
                topic(Topics.METADATA, AvroSerde.specific(FileRecord.class, registry)),
                topic(Topics.MOVE_RESULTS, AvroSerde.specific(MoveResult.class, registry)),
                topic(Topics.POLICIES, AvroSerde.specific(Policy.class, registry)),
                topic(Topics.SILOS, AvroSerde.specific(Silo.class, registry)),
                topic(Topics.SILO_USAGE, AvroSerde.specific(SiloUsage.class, registry)),
                topic(Topics.STAGING_REQUESTS, AvroSerde.specific(StagingRequest.class, registry)),
                topic(Topics.STAGING_STATUS, AvroSerde.specific(StagingStatus.class, registry)),
                topic(Topics.MOVE_COMMANDS, AvroSerde.specific(MoveCommand.class, registry)),
                topic(Topics.PLACEMENT_NOTICES, AvroSerde.specific(PlacementNotice.class, registry)));
    }

    private static <V> Topic<String, V> topic(String name, Serde<V> values) {
        return new Topic<>(name, Serdes.String(), values);
    }
}
