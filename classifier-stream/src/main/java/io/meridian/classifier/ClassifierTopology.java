package io.meridian.classifier;

import io.meridian.classifier.metadata.ClassifierCounters;
import io.meridian.classifier.metadata.ClassifierStores;
import io.meridian.classifier.metadata.FileRecordProcessor;
import io.meridian.classifier.metadata.Input;
import io.meridian.classifier.metadata.Output;
import io.meridian.classifier.metadata.RecordFinisher;
import io.meridian.classifier.metadata.RenameSplitter;
import io.meridian.classifier.rules.AutoTagger;
import io.meridian.classifier.tags.BroadcastPartitioner;
import io.meridian.classifier.usage.UsageAggregator;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.Tag;
import io.meridian.schemas.TagCommand;
import io.meridian.streams.GlobalStoreUpdater;
import io.meridian.topics.Topic;
import io.meridian.topics.Topics;
import java.time.Clock;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The topology of the {@code meridian-classifier} Streams app: file events, tag commands, move
 * results and access events of one path are applied by one processor ({@link FileRecordProcessor})
 * that owns the FileRecords of its partition, and publishes {@code meridian.metadata}; the usage
 * deltas of each task are summed per silo in a store, sent on a wall-clock punctuation through the
 * {@value #USAGE_DELTAS} repartition topic (keyed by silo) and summed into {@code meridian.silo-usage};
 * invalid inputs go to {@code meridian.dead-letters}.
 *
 * <p>Two inputs are not co-partitioned with the files they affect, and take an internal topic:
 * <ul>
 *   <li>a RENAME arrives keyed by its new path, but must delete the instance at its previous path,
 *       which may live on another partition. A synthetic DELETE keyed by the previous path goes
 *       through the {@value #RENAMED_AWAY} repartition topic (rather than back into
 *       meridian.file-events, which belongs to the watchers and must stay a record of what they saw);
 *       it carries the rename's sequencer, so per-instance ordering still decides.</li>
 *   <li>a directory tag command applies to files on every partition: it is broadcast to every
 *       partition of the {@value #DIRECTORY_TAGS} repartition topic, so each task keeps a full copy
 *       of the directory tags and re-evaluates its own files below the directory.</li>
 * </ul>
 */
public final class ClassifierTopology {
    public static final String APPLICATION_ID = "meridian-classifier";
    public static final String FILES_STORE = "files";
    public static final String DELETES_STORE = "instance-deletes";
    public static final String DIRECTORY_TAGS_STORE = "directory-tags";
    public static final String SILOS_STORE = "silos";
    public static final String USAGE_STORE = "silo-usage-totals";
    public static final String PENDING_USAGE_STORE = "pending-usage";
    /** Repartition topic name part (the full name is prefixed with the application id). */
    public static final String RENAMED_AWAY = "renamed-away";
    public static final String DIRECTORY_TAGS = "directory-tags";
    public static final String USAGE_DELTAS = "usage-deltas";
    public static final ClassifierStores STORES = new ClassifierStores(FILES_STORE, DELETES_STORE, DIRECTORY_TAGS_STORE, SILOS_STORE,
            PENDING_USAGE_STORE);

    private ClassifierTopology() {
    }

    /** The topology; rules compile here, and an invalid rule throws naming it. */
    public static Topology build(ClassifierSettings settings, ClassifierTopics topics, ClassifierCounters counters) {
        RecordFinisher finisher = new RecordFinisher(new AutoTagger(settings.rules(), settings.builtInTags(), settings.clock()));
        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder, topics);
        KStream<String, Input> inputs = fileEvents(builder, topics, settings.clock())
                .merge(tagCommands(builder, topics))
                .merge(stream(builder, topics.moveResults()).mapValues(r -> Input.moveResult(r, Topics.MOVE_RESULTS)))
                .merge(stream(builder, topics.accessEvents()).mapValues(a -> Input.access(a, Topics.ACCESS_EVENTS)));
        Function<Input, byte[]> raw = rawValues(topics);
        KStream<String, Output> outputs = inputs.process(() -> new FileRecordProcessor(finisher, counters, raw, STORES,
                        topics.metadata().valueSerde(), settings.clock()),
                Named.as("records"), FILES_STORE, DELETES_STORE, DIRECTORY_TAGS_STORE, PENDING_USAGE_STORE);
        publish(outputs, topics);
        return builder.build();
    }

    private static void addStores(StreamsBuilder builder, ClassifierTopics topics) {
        // Bytes as published on meridian.metadata (see FileStore): a changed record is encoded once.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FILES_STORE),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DELETES_STORE),
                Serdes.String(), topics.state().stringMap()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DIRECTORY_TAGS_STORE),
                Serdes.String(), topics.state().mapOf(Tag.class)));
        // Cached: a silo's running sums change on every file, but reach RocksDB and the changelog once per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USAGE_STORE),
                Serdes.String(), topics.state().of(SiloUsage.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_USAGE_STORE),
                Serdes.String(), topics.state().of(SiloUsage.class)).withCachingEnabled());
        // The compacted topic is the silos' changelog already.
        GlobalStoreUpdater.add(builder, Stores.persistentKeyValueStore(SILOS_STORE), topics.silos(), consumed(topics.silos(), "silos"));
    }

    private static KStream<String, Input> fileEvents(StreamsBuilder builder, ClassifierTopics topics, Clock clock) {
        KStream<String, FileEvent> events = stream(builder, topics.fileEvents());
        KStream<String, Input> renamedAway = events
                .process(() -> new RenameSplitter(SILOS_STORE, clock), Named.as("renames"))
                .repartition(Repartitioned.with(Serdes.String(), topics.state().of(FileEvent.class)).withName(RENAMED_AWAY))
                .mapValues(event -> Input.event(event, RENAMED_AWAY));
        return events.mapValues(event -> Input.event(event, Topics.FILE_EVENTS)).merge(renamedAway);
    }

    private static KStream<String, Input> tagCommands(StreamsBuilder builder, ClassifierTopics topics) {
        KStream<String, TagCommand> commands = stream(builder, topics.tagCommands());
        KStream<String, Input> files = commands.filterNot((path, command) -> isDirectory(path), Named.as("file-tags"))
                .mapValues(command -> Input.fileTags(command, Topics.TAG_COMMANDS));
        KStream<String, Input> directories = commands.filter((path, command) -> isDirectory(path), Named.as("dir-tags"))
                .repartition(Repartitioned.with(Serdes.String(), topics.state().of(TagCommand.class))
                        .withName(DIRECTORY_TAGS).withStreamPartitioner(new BroadcastPartitioner<>()))
                .mapValues(command -> Input.directoryTags(command, Topics.TAG_COMMANDS));
        return files.merge(directories);
    }

    private static void publish(KStream<String, Output> outputs, ClassifierTopics topics) {
        outputs.filter((key, out) -> out.kind() == Output.Kind.METADATA, Named.as("metadata"))
                .mapValues(Output::record)
                .to(topics.metadata().name(), Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName("write-" + topics.metadata().name()));
        outputs.filter((key, out) -> out.kind() == Output.Kind.USAGE_DELTA, Named.as("usage"))
                .mapValues(Output::usageDelta)
                .repartition(Repartitioned.with(Serdes.String(), topics.state().of(SiloUsage.class)).withName(USAGE_DELTAS))
                .process(() -> new UsageAggregator(USAGE_STORE), Named.as("usage-totals"), USAGE_STORE)
                .to(topics.siloUsage().name(), produced(topics.siloUsage()));
        outputs.filter((key, out) -> out.kind() == Output.Kind.DEAD_LETTER, Named.as("dead-letters"))
                .mapValues(Output::deadLetter)
                .to(Topics.DEAD_LETTERS, Produced.with(Serdes.String(), Serdes.ByteArray()));
    }

    /** The bytes of an input's value as its topic's serde writes them, for its dead letter. */
    private static Function<Input, byte[]> rawValues(ClassifierTopics topics) {
        return input -> switch (input.kind()) {
            case FILE_EVENT -> topics.fileEvents().valueSerde().serializer().serialize(input.topic(), input.fileEvent());
            case FILE_TAGS, DIRECTORY_TAGS -> topics.tagCommands().valueSerde().serializer().serialize(input.topic(), input.tagCommand());
            case MOVE_RESULT -> topics.moveResults().valueSerde().serializer().serialize(input.topic(), input.moveResult());
            case ACCESS -> topics.accessEvents().valueSerde().serializer().serialize(input.topic(), input.accessEvent());
        };
    }

    private static boolean isDirectory(String path) {
        return path != null && path.endsWith("/");
    }

    private static <V> KStream<String, V> stream(StreamsBuilder builder, Topic<String, V> topic) {
        return builder.stream(topic.name(), consumed(topic, topic.name()));
    }

    private static <V> Consumed<String, V> consumed(Topic<String, V> topic, String name) {
        return topic.consumed().withName("read-" + name);
    }

    private static <V> Produced<String, V> produced(Topic<String, V> topic) {
        return topic.produced().withName("write-" + topic.name());
    }
}
