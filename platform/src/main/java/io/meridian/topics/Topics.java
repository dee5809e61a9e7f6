package io.meridian.topics;

import java.time.Duration;
import java.util.List;

/**
 * The names of every Meridian topic (DESIGN.md, "Topics"), as compile-time constants for
 * annotations, {@code switch} and messages. Everything is keyed by logical path unless the constant
 * says otherwise, which gives per-file ordering end to end. Types, cleanup policy, retention and
 * serdes are in the typed {@link TopicCatalog}.
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
    /**
     * The placement notices that serve a staging request (a non-empty {@code stagingRequests}), for
     * schedulers that want only those; every one of them is also on {@link #PLACEMENT_NOTICES}.
     */
    public static final String STAGING_NOTICES = "meridian.staging-notices";
    /** Operators' instructions to placement about a file (retry a stuck one); read by placement beside the metadata. */
    public static final String PLACEMENT_CONTROL = "meridian.placement-control";
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
        return TopicCatalog.ALL.stream().map(TopicDef::spec).toList();
    }
}
