package io.meridian.placement;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.PlacementControl;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.streams.StateSerdes;
import io.meridian.topics.Topic;
import io.meridian.topics.TopicCatalog;

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
        Topic<String, PlacementNotice> stagingNotices,
        Topic<String, PlacementControl> placementControl,
        StateSerdes state) {

    public static PlacementTopics of(SchemaRegistry registry) {
        return new PlacementTopics(
                TopicCatalog.METADATA.bind(registry),
                TopicCatalog.MOVE_RESULTS.bind(registry),
                TopicCatalog.POLICIES.bind(registry),
                TopicCatalog.SILOS.bind(registry),
                TopicCatalog.SILO_USAGE.bind(registry),
                TopicCatalog.STAGING_REQUESTS.bind(registry),
                TopicCatalog.STAGING_STATUS.bind(registry),
                TopicCatalog.MOVE_COMMANDS.bind(registry),
                TopicCatalog.PLACEMENT_NOTICES.bind(registry),
                TopicCatalog.STAGING_NOTICES.bind(registry),
                TopicCatalog.PLACEMENT_CONTROL.bind(registry),
                new StateSerdes(registry));
    }
}
