package io.meridian.cli.ops;

import io.meridian.placement.PlacementTopology;
import io.meridian.placement.tracking.StuckFile;
import io.meridian.query.store.StuckRow;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Policy;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.StagingStatus;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.streams.StateSerdes;
import io.meridian.topics.Topic;
import io.meridian.topics.TopicCatalog;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;

/** The view of a command run alone: every read goes to the topic ({@link TopicIo}), so writes are seen at once. */
public final class TopicView implements View {
    private final Properties kafka;
    private final SchemaRegistry registry;

    public TopicView(Properties kafka, SchemaRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    @Override
    public Map<String, Silo> silos() {
        return TopicIo.latest(kafka, TopicCatalog.SILOS.bind(registry));
    }

    @Override
    public Map<String, SiloUsage> usage() {
        return TopicIo.latest(kafka, TopicCatalog.SILO_USAGE.bind(registry));
    }

    @Override
    public List<StuckRow> stuck() {
        Topic<String, StuckFile> changelog = new Topic<>(StuckReader.TOPIC, Serdes.String(),
                PlacementTopology.stateSerde(new StateSerdes(registry), StuckFile.class));
        try {
            return TopicIo.latest(kafka, changelog).values().stream()
                    .map(s -> new StuckRow(s.path(), s.commandId(), s.reason(), s.attempts(), s.since()))
                    .sorted(java.util.Comparator.comparing(StuckRow::path)).toList();
        } catch (IllegalStateException e) {
            return List.of(); // placement has not run yet, so it has no changelog
        }
    }

    @Override
    public Map<String, Policy> policies() {
        return TopicIo.latest(kafka, TopicCatalog.POLICIES.bind(registry));
    }

    @Override
    public Optional<StagingStatus> stagingStatus(String requestId) {
        return Optional.ofNullable(TopicIo.latestOf(kafka, TopicCatalog.STAGING_STATUS.bind(registry), requestId));
    }

    @Override
    public Optional<StagingRequest> stagingRequest(String requestId) {
        return Optional.ofNullable(TopicIo.latestOf(kafka, TopicCatalog.STAGING_REQUESTS.bind(registry), requestId));
    }

    @Override
    public Collection<StagingRequest> stagingRequests() {
        return TopicIo.latest(kafka, TopicCatalog.STAGING_REQUESTS.bind(registry)).values();
    }

    /** Reads the whole metadata topic: for a command alone, not for a loop. */
    @Override
    public Collection<FileRecord> filesUnder(String prefix) {
        return TopicIo.latest(kafka, TopicCatalog.METADATA.bind(registry)).values().stream()
                .filter(r -> r.getPath().startsWith(prefix)).toList();
    }

    @Override
    public void awaitStagingRequest(String requestId, boolean open) {
        // nothing to wait for: the next read reads the topic up to its end
    }

    @Override
    public void awaitPolicy(String name, Policy policy) {
        // nothing to wait for: the next read reads the topic up to its end
    }
}
