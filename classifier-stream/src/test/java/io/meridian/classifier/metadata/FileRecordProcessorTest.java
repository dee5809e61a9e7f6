package io.meridian.classifier.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.classifier.ClassifierTopology;
import io.meridian.classifier.rules.AutoTagger;
import io.meridian.events.Sequencer;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.Tag;
import io.meridian.schemas.Tier;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import io.meridian.streams.StateSerdes;
import io.meridian.topics.Topic;
import io.meridian.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/** The record processor's usage punctuator, fired by hand: usage leaves a task summed, and once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileRecordProcessorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private MockProcessorContext<String, Output> context;
    private FileRecordProcessor processor;

    @BeforeEach
    void init() {
        context = new MockProcessorContext<>();
        ClassifierStores names = ClassifierTopology.STORES;
        StateSerdes state = new StateSerdes(new InMemorySchemaRegistry());
        KeyValueStore<String, Silo> silos = store(names.silos(), state.of(Silo.class));
        store(names.files(), Serdes.ByteArray());
        store(names.deletes(), state.stringMap());
        store(names.directoryTags(), state.mapOf(Tag.class));
        store(names.pendingUsage(), state.of(SiloUsage.class));
        silos.put("nas", Silo.newBuilder().setId("nas").setKind(SiloKind.POSIX).setMount("/d").setSite("s")
                .setTier(Tier.CAPACITY).setCapacityBytes(1L << 40).build());
        processor = new FileRecordProcessor(new RecordFinisher(new AutoTagger(List.of(), false, Clock.systemUTC())),
                new ClassifierCounters(), input -> new byte[0], names,
                Topic.avro(Topics.METADATA, FileRecord.class, new InMemorySchemaRegistry()).valueSerde(), Clock.systemUTC());
        processor.init(context);
    }

    @Test
    void shouldSendUsageSummedPerSiloOnlyWhenThePunctuatorFires() {
        processor.process(record(upsert("/d/a", 100, 1)));
        processor.process(record(upsert("/d/b", 50, 2)));
        processor.process(record(upsert("/d/a", 70, 3)));
        assertThat(context.forwarded()).extracting(f -> f.record().value().kind()).containsOnly(Output.Kind.METADATA);
        context.resetForwards();

        CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);
        assertThat(punctuator.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        punctuator.getPunctuator().punctuate(T0.toEpochMilli());

        assertThat(context.forwarded()).hasSize(1);
        SiloUsage sum = context.forwarded().get(0).record().value().usageDelta();
        assertThat(sum.getSilo()).isEqualTo("nas");
        assertThat(sum.getUsedBytes()).isEqualTo(120);
        assertThat(sum.getFileCount()).isEqualTo(2);

        context.resetForwards();
        punctuator.getPunctuator().punctuate(T0.plusSeconds(1).toEpochMilli());
        assertThat(context.forwarded()).isEmpty();
    }

    private Record<String, Input> record(FileEvent event) {
        context.setRecordMetadata(Topics.FILE_EVENTS, 0, 0);
        return new Record<>(event.getPath(), Input.event(event, Topics.FILE_EVENTS), T0.toEpochMilli());
    }

    private static FileEvent upsert(String path, long size, long n) {
        return FileEvent.newBuilder().setPath(path).setSilo("nas").setType(FileEventType.UPSERT).setSize(size)
                .setMtime(T0).setSequencer(Sequencer.of(T0.plusSeconds(n), n)).setSource(EventSource.HOOK)
                .setObservedAt(T0.plusSeconds(n)).build();
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), values).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

}
