package io.meridian.topics;

import io.meridian.schemas.AccessEvent;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.TagCommand;
import java.time.Duration;
import java.util.List;

/**
 * The names and settings of every Meridian topic (DESIGN.md, "Topics"). Everything is keyed by
 * logical path unless the constant says otherwise, which gives per-file ordering end to end.
 */
public final class Topics {
    public static final String FILE_EVENTS = "meridian.file-events";
    public static final String TAG_COMMANDS = "meridian.tag-commands";
    public static final String METADATA = "meridian.metadata";
    /** Keyed by silo id. */
    public static final String SILOS = "meridian.silos";
    /** Keyed by silo id. */
    public static final String SILO_USAGE = "meridian.silo-usage";
    /** Keyed by policy name. */
    public static final String POLICIES = "meridian.policies";
    /** Keyed by request id. */
    public static final String STAGING_REQUESTS = "meridian.staging-requests";
    /** Keyed by request id. */
    public static final String STAGING_STATUS = "meridian.staging-status";
    public static final String PLACEMENT_NOTICES = "meridian.placement-notices";
    public static final String MOVE_COMMANDS = "meridian.move-commands";
    public static final String MOVE_RESULTS = "meridian.move-results";
    public static final String ACCESS_EVENTS = "meridian.access-events";
    /** Keyed as received; raw bytes with {@code __streams.errors.*} headers naming the reason. */
    public static final String DEAD_LETTERS = "meridian.dead-letters";
    /**
     * Never written: each silo's watchers join the consumer group {@code meridian-watcher.<silo>} on it,
     * and the one assigned partition 0 watches the silo (one live watcher per silo).
     */
    public static final String WATCHER_LEASES = "meridian.watcher-leases";

    /** File events are replayable for a week; the metadata table is the long-term state. */
    public static final Duration EVENT_RETENTION = Duration.ofDays(7);

    private Topics() {
    }

    /** Every topic with its cleanup policy; partitions and replication come from the config. */
    public static List<TopicSpec> all() {
        return List.of(
                TopicSpec.events(FILE_EVENTS, EVENT_RETENTION, FileEvent.getClassSchema()),
                TopicSpec.events(TAG_COMMANDS, EVENT_RETENTION, TagCommand.getClassSchema()),
                TopicSpec.compacted(METADATA, FileRecord.getClassSchema()),
                TopicSpec.compacted(SILOS, Silo.getClassSchema()),
                TopicSpec.compacted(SILO_USAGE, SiloUsage.getClassSchema()),
                TopicSpec.compacted(POLICIES, Policy.getClassSchema()),
                TopicSpec.events(STAGING_REQUESTS, EVENT_RETENTION, StagingRequest.getClassSchema()),
                TopicSpec.compacted(STAGING_STATUS, StagingStatus.getClassSchema()),
                TopicSpec.events(PLACEMENT_NOTICES, EVENT_RETENTION, PlacementNotice.getClassSchema()),
                TopicSpec.events(MOVE_COMMANDS, EVENT_RETENTION, MoveCommand.getClassSchema()),
                TopicSpec.events(MOVE_RESULTS, EVENT_RETENTION, MoveResult.getClassSchema()),
                TopicSpec.events(ACCESS_EVENTS, EVENT_RETENTION, AccessEvent.getClassSchema()),
                TopicSpec.events(DEAD_LETTERS, Duration.ofDays(30), null),
                TopicSpec.events(WATCHER_LEASES, Duration.ofHours(1), null));
    }
}
