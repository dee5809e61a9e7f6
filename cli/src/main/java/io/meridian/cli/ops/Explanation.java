package io.meridian.cli.ops;

import io.meridian.placement.PlacementTopology;
import io.meridian.placement.reconcile.GlobalView;
import io.meridian.placement.reconcile.Plan;
import io.meridian.placement.reconcile.PlanInput;
import io.meridian.placement.reconcile.Planner;
import io.meridian.placement.tracking.InFlight;
import io.meridian.placement.tracking.StuckFile;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.streams.StateSerdes;
import io.meridian.topics.Topic;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Why a file is where it is, for {@code meridian explain PATH} and {@code GET /v1/explain/{path}}
 * alike: the placement planner run over the file's current record and the published policies, silos,
 * usage and staging requests (read from their topics), with the input built as placement builds it
 * ({@link GlobalView#input}: the metadata topic's partition count for each task's share of free
 * space, the same order of staging requests), and the open command and stuck state from placement's
 * changelogs (null when placement has not run yet or holds none). Bytes in flight are each task's
 * own, so "no room" verdicts count committed bytes only.
 */
public record Explanation(FileRecord record, Plan plan, InFlight inFlight, StuckFile stuck) {

    /** The explanation of {@code path}, or empty when meridian.metadata has no record of it. */
    public static Optional<Explanation> of(Properties kafka, SchemaRegistry registry, String path) {
        FileRecord record = TopicIo.latestOf(kafka, TopicCatalog.METADATA.bind(registry), path);
        if (record == null) {
            return Optional.empty();
        }
        StateSerdes state = new StateSerdes(registry);
        return Optional.of(new Explanation(record, Planner.plan(input(kafka, registry, record)),
                placementState(kafka, state, PlacementTopology.INFLIGHT_STORE, InFlight.class, path),
                placementState(kafka, state, PlacementTopology.STUCK_STORE, StuckFile.class, path)));
    }

    /** What a placement task would plan from: the same published state, over the real partitions of the metadata topic. */
    private static PlanInput input(Properties kafka, SchemaRegistry registry, FileRecord record) {
        return GlobalView.input(record,
                TopicIo.latest(kafka, TopicCatalog.POLICIES.bind(registry)).values(),
                TopicIo.latest(kafka, TopicCatalog.SILOS.bind(registry)),
                TopicIo.latest(kafka, TopicCatalog.SILO_USAGE.bind(registry)),
                TopicIo.latest(kafka, TopicCatalog.STAGING_REQUESTS.bind(registry)).values(),
                TopicIo.partitionCount(kafka, Topics.METADATA), Clock.systemUTC());
    }

    private static <V extends Record> V placementState(Properties kafka, StateSerdes state, String store, Class<V> type, String path) {
        try {
            return TopicIo.latestOf(kafka, new Topic<>(PlacementTopology.changelog(store), Serdes.String(),
                    PlacementTopology.stateSerde(state, type)), path);
        } catch (IllegalStateException e) {
            return null; // placement has not run yet, so it has no changelog
        }
    }
}
