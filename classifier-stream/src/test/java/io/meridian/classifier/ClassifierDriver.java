package io.meridian.classifier;

import io.meridian.classifier.metadata.ClassifierCounters;
import io.meridian.config.ClassificationRule;
import io.meridian.schemas.AccessEvent;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import io.meridian.topics.Topic;
import io.meridian.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The classifier topology on a TopologyTestDriver with an in-memory registry, and its topics. */
final class ClassifierDriver implements AutoCloseable {
    final ClassifierCounters counters = new ClassifierCounters();
    final ClassifierTopics topics;
    final TopologyTestDriver driver;
    final TestInputTopic<String, FileEvent> events;
    final TestInputTopic<String, TagCommand> tags;
    final TestInputTopic<String, MoveResult> moves;
    final TestInputTopic<String, AccessEvent> access;
    final TestInputTopic<String, Silo> silos;
    final TestOutputTopic<String, FileRecord> metadata;
    final TestOutputTopic<String, SiloUsage> usage;
    final TestOutputTopic<String, byte[]> deadLetters;

    ClassifierDriver(Path stateDir, List<ClassificationRule> rules, boolean builtIns, String... siloIds) {
        this(stateDir, new ClassifierSettings(rules, builtIns, Clock.systemUTC()), siloIds);
    }

    ClassifierDriver(Path stateDir, ClassifierSettings settings, String... siloIds) {
        topics = ClassifierTopics.of(new InMemorySchemaRegistry());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "classifier-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ClassifierTopology.build(settings, topics, counters), props);
        events = input(topics.fileEvents());
        tags = input(topics.tagCommands());
        moves = input(topics.moveResults());
        access = input(topics.accessEvents());
        silos = input(topics.silos());
        metadata = output(topics.metadata());
        usage = output(topics.siloUsage());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, new StringDeserializer(), new ByteArrayDeserializer());
        for (String id : siloIds) {
            silos.pipeInput(id, TestEvents.silo(id));
        }
    }

    void pipe(FileEvent event) {
        events.pipeInput(event.getPath(), event);
    }

    void pipe(TagCommand command) {
        tags.pipeInput(command.getPath(), command);
    }

    /** The latest metadata value per path read so far (null: tombstone), in order of last change. */
    Map<String, FileRecord> latest() {
        Map<String, FileRecord> out = new LinkedHashMap<>();
        for (TestRecord<String, FileRecord> record : metadata.readRecordsToList()) {
            out.remove(record.key());
            out.put(record.key(), record.value());
        }
        return out;
    }

    /** The latest usage per silo read so far. */
    Map<String, SiloUsage> latestUsage() {
        driver.advanceWallClockTime(Duration.ofSeconds(1)); // usage leaves each task on a wall-clock punctuation
        return usage.readKeyValuesToMap();
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
