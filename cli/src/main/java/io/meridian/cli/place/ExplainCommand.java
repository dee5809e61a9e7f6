package io.meridian.cli.place;

import io.meridian.cli.CommonOptions;
import io.meridian.cli.ops.TopicIo;
import io.meridian.cli.runtime.Connections;
import io.meridian.config.MeridianConfig;
import io.meridian.namespace.LogicalPath;
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
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.common.serialization.Serdes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meridian explain PATH}: runs the placement planner itself over the file's current record,
 * the published policies, silos, usage and staging requests (read from their topics), with the
 * input built as placement builds it ({@link GlobalView#input}: the metadata topic's partition count
 * for each task's share of free space, the same order of staging requests), and prints its
 * reasoning, with the open command and stuck state from placement's changelogs. Bytes in flight are
 * each task's own, so "no room" verdicts count committed bytes only.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Why a file is where it is: matching policies, desired vs actual instances, why each",
                "candidate silo was chosen or rejected, the next command, commands in flight and pins."})
public final class ExplainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "PATH", description = "Logical path of a file, e.g. /datasets/train/a.bin")
    String path;

    @Override
    public Integer call() {
        LogicalPath.file(path);
        MeridianConfig config = common.loadConfig();
        Connections connections = Connections.of(config, common.home());
        Properties kafka = connections.kafka();
        try (SchemaRegistry registry = connections.registry()) {
            FileRecord record = TopicIo.latestOf(kafka, TopicCatalog.METADATA.bind(registry), path);
            if (record == null) {
                throw new IllegalArgumentException("no file '" + path + "' in " + Topics.METADATA);
            }
            Plan plan = Planner.plan(input(kafka, registry, record));
            ExplainReport.print(spec.commandLine().getOut(), record, plan,
                    optional(kafka, registry, PlacementTopology.changelog(PlacementTopology.INFLIGHT_STORE), InFlight.class),
                    optional(kafka, registry, PlacementTopology.changelog(PlacementTopology.STUCK_STORE), StuckFile.class));
        }
        return 0;
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

    private <V extends Record> V optional(Properties kafka, SchemaRegistry registry, String changelog, Class<V> type) {
        try {
            return TopicIo.latestOf(kafka, new Topic<>(changelog, Serdes.String(),
                    PlacementTopology.stateSerde(new StateSerdes(registry), type)), path);
        } catch (IllegalStateException e) {
            return null; // placement has not run yet, so it has no changelog
        }
    }
}
