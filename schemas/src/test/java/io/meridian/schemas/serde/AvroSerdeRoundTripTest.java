package io.meridian.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroSerdeRoundTripTest {

    private static final String TOPIC = "meridian.file-events";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void shouldRoundTripEveryGeneratedTopicValue() {
        for (SpecificRecord value : Samples.everyTopicValue()) {
            String topic = "meridian.test." + value.getSchema().getName();
            try (Serde<SpecificRecord> serde = serdeFor(value)) {
                byte[] bytes = serde.serializer().serialize(topic, value);

                assertThat(serde.deserializer().deserialize(topic, bytes)).as(value.getSchema().getName())
                        .isEqualTo(value);
            }
        }
        assertThat(registry.subjects()).hasSize(Samples.everyTopicValue().size());
    }

    @Test
    void shouldKeepInstancesAndTagsOfFileRecord() {
        AvroSerde<FileRecord> serde = AvroSerde.specific(FileRecord.class, registry);
        FileRecord record = Samples.fileRecord();

        FileRecord read = serde.deserializer().deserialize("meridian.metadata",
                serde.serializer().serialize("meridian.metadata", record));

        assertThat(read.getInstances()).hasSize(2);
        assertThat(read.getInstances().get(0).getEtag()).isEqualTo("\"9b2cf535f27731c974343645a3985328\"");
        assertThat(read.getTags().get("stage").getInheritedFrom()).isEqualTo("/datasets/train/");
        assertThat(read.getLastAccess()).isEqualTo(Samples.T1);
    }

    @Test
    void shouldStartWithMagicByteAndRegisteredIdUnderValueSubject() {
        registry.register("unrelated-value", Schema.create(Schema.Type.STRING));
        AvroSerde<FileEvent> serde = AvroSerde.specific(FileEvent.class, registry);

        byte[] bytes = serde.serializer().serialize(TOPIC, Samples.fileEvent());

        int id = registry.latest(TOPIC + "-value").id();
        assertThat(id).isEqualTo(2);
        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(Arrays.copyOf(bytes, WireFormat.HEADER_SIZE)).isEqualTo(WireFormat.header(id));
        assertThat(WireFormat.schemaId(TOPIC, bytes)).isEqualTo(id);
    }

    @Test
    void shouldRegisterUnderKeySubjectWhenConfiguredAsKey() {
        AvroSerde<FileEvent> serde = AvroSerde.specific(FileEvent.class, registry);
        serde.configure(Map.of(), true);

        serde.serializer().serialize(TOPIC, Samples.fileEvent());

        assertThat(registry.subjects()).containsExactly(TOPIC + "-key");
    }

    @Test
    void shouldRoundTripGenericRecordWithWriterSchema() {
        AvroSerde<GenericRecord> serde = AvroSerde.generic(registry);
        GenericRecord record = new GenericData.Record(FileEvent.getClassSchema());
        FileEvent sample = Samples.fileEvent();
        for (Schema.Field field : FileEvent.getClassSchema().getFields()) {
            Object value = sample.get(field.pos());
            // Generic records hold logical types as their Avro values: timestamps as epoch millis.
            record.put(field.pos(), value instanceof Instant instant ? instant.toEpochMilli()
                    : value instanceof Enum<?> symbol ? new GenericData.EnumSymbol(field.schema(), symbol.name())
                    : value);
        }

        GenericRecord read = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, record));

        assertThat(read.getSchema()).isEqualTo(FileEvent.getClassSchema());
        assertThat(read).isEqualTo(record);
        assertThat(read.get("mtime")).isEqualTo(Samples.T0.toEpochMilli());
    }

    @Test
    void shouldReadSpecificBytesGenericallyAndBack() {
        AvroSerde<FileEvent> specific = AvroSerde.specific(FileEvent.class, registry);
        AvroSerde<GenericRecord> generic = AvroSerde.generic(registry);
        byte[] written = specific.serializer().serialize(TOPIC, Samples.fileEvent());

        GenericRecord asGeneric = generic.deserializer().deserialize(TOPIC, written);
        byte[] rewritten = generic.serializer().serialize(TOPIC, asGeneric);

        assertThat(asGeneric.get("path")).isEqualTo("/datasets/train/shard-0001.parquet");
        assertThat(rewritten).isEqualTo(written);
        assertThat(specific.deserializer().deserialize(TOPIC, rewritten)).isEqualTo(Samples.fileEvent());
    }

    @Test
    void shouldRoundTripFromManyThreadsAtOnce() throws Exception {
        AvroSerde<FileEvent> serde = AvroSerde.specific(FileEvent.class, registry);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                int offset = task;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        FileEvent event = Samples.fileEvent();
                        event.setSize((long) offset * 1000 + i);
                        FileEvent read = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, event));
                        if (!read.equals(event)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.versions(TOPIC + "-value")).hasSize(1);
    }

    @Test
    void shouldTurnNullIntoTombstoneAndBack() {
        AvroSerde<FileRecord> serde = AvroSerde.specific(FileRecord.class, registry);

        assertThat(serde.serializer().serialize("meridian.metadata", null)).isNull();
        assertThat(serde.deserializer().deserialize("meridian.metadata", null)).isNull();
        assertThat(registry.subjects()).isEmpty();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Serde<SpecificRecord> serdeFor(SpecificRecord value) {
        return (Serde) AvroSerde.specific((Class) value.getClass(), registry);
    }
}
