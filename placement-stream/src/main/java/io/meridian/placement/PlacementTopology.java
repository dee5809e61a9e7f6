package io.meridian.placement;

import io.meridian.placement.reconcile.RescanJob;
import io.meridian.placement.staging.StagingProgress;
import io.meridian.placement.staging.StagingStatusProcessor;
import io.meridian.placement.staging.StagingTotals;
import io.meridian.placement.tracking.InFlight;
import io.meridian.placement.tracking.StuckFile;
import io.meridian.schemas.PlacementNotice;
import io.meridian.streams.GlobalStoreUpdater;
import io.meridian.streams.StateSerdes;
import io.meridian.topics.Topic;
import io.meridian.topics.Topics;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The placement topology. Policies, silos, silo usage and staging requests are global stores (every
 * task sees all of them); FileRecords, MoveResults and operators' PlacementControls, all keyed by
 * path, are co-partitioned into one processor per task that owns the task's files, open commands and
 * stuck files
 * ({@link PlacementProcessor}). Its decisions are routed to meridian.move-commands,
 * meridian.placement-notices (those that serve a staging request also to meridian.staging-notices),
 * meridian.silos (RETIRED) and meridian.dead-letters; per-partition staging progress is re-keyed by
 * request id and summed into meridian.staging-status.
 */
public final class PlacementTopology {
    public static final String APPLICATION_ID = "meridian-placement";
    public static final String POLICY_STORE = "placement-policies";
    public static final String SILO_STORE = "placement-silos";
    public static final String USAGE_STORE = "placement-silo-usage";
    public static final String REQUEST_STORE = "placement-staging-requests";
    public static final String FILE_STORE = "placement-files";
    public static final String INFLIGHT_STORE = "placement-inflight";
    /** Its changelog, {@code meridian-placement-placement-stuck-changelog}, is the compacted list of stuck files. */
    public static final String STUCK_STORE = "placement-stuck";
    public static final String STAGING_STORE = "placement-staging";
    /** The task's instances by silo, least recently used first (see {@link io.meridian.placement.reconcile.SiloIndex}). */
    public static final String SILO_INDEX_STORE = "placement-silo-index";
    /** Pending re-evaluations after a policy or silo change, with their cursors. */
    public static final String RESCAN_STORE = "placement-rescans";
    public static final String TOTALS_STORE = "placement-staging-totals";
    public static final String PROGRESS_REPARTITION = "staging-progress";
    public static final PlacementStores STORES = new PlacementStores(POLICY_STORE, SILO_STORE, USAGE_STORE, REQUEST_STORE,
            FILE_STORE, INFLIGHT_STORE, STUCK_STORE, STAGING_STORE, TOTALS_STORE, SILO_INDEX_STORE, RESCAN_STORE);

    private PlacementTopology() {
    }

    /** The changelog topic of one of this app's local stores. */
    public static String changelog(String store) {
        return APPLICATION_ID + "-" + store + "-changelog";
    }

    /**
     * The serde of one of this app's records of state (stores, the progress repartition topic): the
     * registry's wire format, and JSON that builds before it wrote still reads ({@link LegacyJson}).
     */
    public static <T extends Record> Serde<T> stateSerde(StateSerdes state, Class<T> type) {
        return state.record(type, LegacyJson.reader(type));
    }

    public static Topology build(PlacementTopics topics, PlacementSettings settings) {
        return build(topics, settings, true, PlacementMetrics.unregistered());
    }

    /**
     * As {@link #build(PlacementTopics, PlacementSettings)}; {@code persistent=false} keeps stores in
     * memory (tests); the tasks keep {@code metrics}.
     */
    public static Topology build(PlacementTopics topics, PlacementSettings settings, boolean persistent,
                                 PlacementMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        Function<String, KeyValueBytesStoreSupplier> stores =
                name -> persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
        global(builder, stores.apply(POLICY_STORE), topics.policies());
        global(builder, stores.apply(SILO_STORE), topics.silos());
        global(builder, stores.apply(USAGE_STORE), topics.siloUsage());
        global(builder, stores.apply(REQUEST_STORE), topics.stagingRequests());
        StateSerdes state = topics.state();
        builder.addStateStore(store(stores.apply(FILE_STORE), topics.metadata().valueSerde()));
        builder.addStateStore(store(stores.apply(INFLIGHT_STORE), stateSerde(state, InFlight.class)));
        builder.addStateStore(store(stores.apply(STUCK_STORE), stateSerde(state, StuckFile.class)));
        builder.addStateStore(store(stores.apply(STAGING_STORE), stateSerde(state, StagingProgress.class)));
        builder.addStateStore(store(stores.apply(TOTALS_STORE), stateSerde(state, StagingTotals.class)));
        // derived from FILE_STORE and rebuilt from it when a task starts (SiloIndex): no changelog
        builder.addStateStore(store(stores.apply(SILO_INDEX_STORE), Serdes.Long()).withLoggingDisabled());
        builder.addStateStore(store(stores.apply(RESCAN_STORE), stateSerde(state, RescanJob.class)));

        KStream<String, PlacementInput> files = builder.stream(topics.metadata().name(), topics.metadata().consumed())
                .mapValues(record -> (PlacementInput) new PlacementInput.FileChange(record), Named.as("file-changes"));
        KStream<String, PlacementInput> results = builder.stream(topics.moveResults().name(), topics.moveResults().consumed())
                .mapValues(result -> (PlacementInput) new PlacementInput.Result(result), Named.as("move-results"));
        KStream<String, PlacementInput> controls = builder.stream(topics.placementControl().name(),
                        topics.placementControl().consumed())
                .mapValues(control -> (PlacementInput) new PlacementInput.Control(control), Named.as("controls"));
        KStream<String, PlacementOutput> out = files.merge(results, Named.as("placement-inputs"))
                .merge(controls, Named.as("placement-inputs-and-controls"))
                .process(() -> new PlacementProcessor(settings, STORES, metrics), Named.as("placement-reconcile"),
                        FILE_STORE, INFLIGHT_STORE, STUCK_STORE, STAGING_STORE, SILO_INDEX_STORE, RESCAN_STORE);
        route(out, topics, settings, metrics);
        return builder.build();
    }

    private static void route(KStream<String, PlacementOutput> out, PlacementTopics topics, PlacementSettings settings,
                              PlacementMetrics metrics) {
        out.filter((k, v) -> v instanceof PlacementOutput.Command, Named.as("commands"))
                .mapValues(v -> ((PlacementOutput.Command) v).command())
                .to(topics.moveCommands().name(), topics.moveCommands().produced());
        KStream<String, PlacementNotice> notices = out.filter((k, v) -> v instanceof PlacementOutput.Notice, Named.as("notices"))
                .mapValues(v -> ((PlacementOutput.Notice) v).notice(), Named.as("notice-values"));
        notices.to(topics.placementNotices().name(), topics.placementNotices().produced());
        notices.filter((k, notice) -> !notice.getStagingRequests().isEmpty(), Named.as("staging-notices"))
                .to(topics.stagingNotices().name(), topics.stagingNotices().produced());
        out.filter((k, v) -> v instanceof PlacementOutput.SiloChange, Named.as("silo-changes"))
                .mapValues(v -> ((PlacementOutput.SiloChange) v).silo())
                .to(topics.silos().name(), topics.silos().produced());
        Serde<io.meridian.schemas.FileRecord> records = topics.metadata().valueSerde();
        out.filter((k, v) -> v instanceof PlacementOutput.Refused, Named.as("refused"))
                .mapValues(v -> records.serializer().serialize(topics.metadata().name(), ((PlacementOutput.Refused) v).record()))
                .to(Topics.DEAD_LETTERS, Produced.with(Serdes.String(), Serdes.ByteArray()));
        out.filter((k, v) -> v instanceof PlacementOutput.Progress, Named.as("progress"))
                .mapValues(v -> ((PlacementOutput.Progress) v).progress())
                .repartition(Repartitioned.with(Serdes.String(), stateSerde(topics.state(), StagingProgress.class))
                        .withName(PROGRESS_REPARTITION))
                .process(() -> new StagingStatusProcessor(TOTALS_STORE, settings.tick(), metrics.staging()), Named.as("staging-status"), TOTALS_STORE)
                .to(topics.stagingStatus().name(), topics.stagingStatus().produced());
    }

    private static <V> void global(StreamsBuilder builder, KeyValueBytesStoreSupplier store, Topic<String, V> topic) {
        GlobalStoreUpdater.add(builder, store, topic, topic.consumed());
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(KeyValueBytesStoreSupplier store, Serde<V> values) {
        return Stores.keyValueStoreBuilder(store, Serdes.String(), values);
    }
}
