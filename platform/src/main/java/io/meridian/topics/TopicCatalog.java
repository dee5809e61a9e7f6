package io.meridian.topics;

import io.meridian.schemas.AccessEvent;
import io.meridian.schemas.FileEvent;
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
import io.meridian.schemas.TagCommand;
import java.time.Duration;
import java.util.List;

/**
 * Every Meridian topic as one typed constant (DESIGN.md, "Topics"): name, key and value types,
 * cleanup policy and retention. {@code meridian init} creates {@link #ALL} and registers their value
 * schemas; stages and commands get their serdes from {@code X.bind(registry)}. A new topic is one
 * line here (and its name in {@link Topics} when code needs it as a compile-time constant).
 */
public final class TopicCatalog {
    private static final Duration EVENT_RETENTION = Topics.EVENT_RETENTION;

    public static final TopicDef<String, FileEvent> FILE_EVENTS = TopicDef.events(Topics.FILE_EVENTS, FileEvent.class, EVENT_RETENTION);
    public static final TopicDef<String, TagCommand> TAG_COMMANDS = TopicDef.events(Topics.TAG_COMMANDS, TagCommand.class, EVENT_RETENTION);
    public static final TopicDef<String, FileRecord> METADATA = TopicDef.table(Topics.METADATA, FileRecord.class);
    public static final TopicDef<String, Silo> SILOS = TopicDef.table(Topics.SILOS, Silo.class);
    public static final TopicDef<String, SiloUsage> SILO_USAGE = TopicDef.table(Topics.SILO_USAGE, SiloUsage.class);
    public static final TopicDef<String, Policy> POLICIES = TopicDef.table(Topics.POLICIES, Policy.class);
    public static final TopicDef<String, StagingRequest> STAGING_REQUESTS =
            TopicDef.events(Topics.STAGING_REQUESTS, StagingRequest.class, EVENT_RETENTION);
    public static final TopicDef<String, StagingStatus> STAGING_STATUS = TopicDef.table(Topics.STAGING_STATUS, StagingStatus.class);
    public static final TopicDef<String, PlacementNotice> PLACEMENT_NOTICES =
            TopicDef.events(Topics.PLACEMENT_NOTICES, PlacementNotice.class, EVENT_RETENTION);
    public static final TopicDef<String, PlacementNotice> STAGING_NOTICES =
            TopicDef.events(Topics.STAGING_NOTICES, PlacementNotice.class, EVENT_RETENTION);
    public static final TopicDef<String, PlacementControl> PLACEMENT_CONTROL =
            TopicDef.events(Topics.PLACEMENT_CONTROL, PlacementControl.class, EVENT_RETENTION);
    public static final TopicDef<String, MoveCommand> MOVE_COMMANDS = TopicDef.events(Topics.MOVE_COMMANDS, MoveCommand.class, EVENT_RETENTION);
    public static final TopicDef<String, MoveResult> MOVE_RESULTS = TopicDef.events(Topics.MOVE_RESULTS, MoveResult.class, EVENT_RETENTION);
    public static final TopicDef<String, AccessEvent> ACCESS_EVENTS = TopicDef.events(Topics.ACCESS_EVENTS, AccessEvent.class, EVENT_RETENTION);
    public static final TopicDef<byte[], byte[]> DEAD_LETTERS = TopicDef.raw(Topics.DEAD_LETTERS, Duration.ofDays(30));
    public static final TopicDef<byte[], byte[]> WATCHER_LEASES = TopicDef.raw(Topics.WATCHER_LEASES, Duration.ofHours(1));

    /** Every topic, in the order {@code meridian init} creates them. */
    public static final List<TopicDef<?, ?>> ALL = List.of(FILE_EVENTS, TAG_COMMANDS, METADATA, SILOS, SILO_USAGE, POLICIES,
            STAGING_REQUESTS, STAGING_STATUS, PLACEMENT_NOTICES, STAGING_NOTICES, MOVE_COMMANDS, MOVE_RESULTS, ACCESS_EVENTS,
            DEAD_LETTERS, WATCHER_LEASES, PLACEMENT_CONTROL);

    private TopicCatalog() {
    }
}
