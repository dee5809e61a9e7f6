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
import io.meridian.streams.StateSerdes;
import io.meridian.topics.Topic;
import io.meridian.topics.Topics;

/**
 * Every topic the placement app reads or writes, with its serdes, and the serdes of its own stores
 * and internal topics ({@code state}), all built from one registry client.
 */
public record PlacementTopics(
        Topic<String, FileRecord> metadata,
        Topic<String, MoveResult> moveResults,
        Topic<String, Policy> policies,
        Topic<String, Silo> silos,
        Topic<String, SiloUsage> siloUsage,
        Topic<String, StagingRequest> stagingRequests,
        Topic<String, StagingStatus> stagingStatus,
        Topic<String, MoveCommand> moveCommands,
        Topic<String, PlacementNotice> placementNotices,
        StateSerdes state) {

    public static PlacementTopics of(SchemaRegistry registry) {
        return new PlacementTopics(
                Topic.avro(Topics.METADATA, FileRecord.class, registry),
                Topic.avro(Topics.MOVE_RESULTS, MoveResult.class, registry),
                Topic.avro(Topics.POLICIES, Policy.class, registry),
                Topic.avro(Topics.SILOS, Silo.class, registry),
                Topic.avro(Topics.SILO_USAGE, SiloUsage.class, registry),
                Topic.avro(Topics.STAGING_REQUESTS, StagingRequest.class, registry),
                Topic.avro(Topics.STAGING_STATUS, StagingStatus.class, registry),
                Topic.avro(Topics.MOVE_COMMANDS, MoveCommand.class, registry),
                Topic.avro(Topics.PLACEMENT_NOTICES, PlacementNotice.class, registry),
                new StateSerdes(registry));
    }
}
