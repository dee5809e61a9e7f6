package io.meridian.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.registry.HttpSchemaRegistryClient;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import io.meridian.schemas.registry.NotFoundException;
import io.meridian.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeFailureTest {

    private static final String TOPIC = "meridian.file-events";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerde<FileEvent> serde = AvroSerde.specific(FileEvent.class, registry);

    @Test
    void shouldFailClearlyWhenAutoRegisterIsOffAndSchemaIsNotRegistered() {
        AvroSerde<FileEvent> lookupOnly = AvroSerde.specific(FileEvent.class, registry, false);

        assertThatThrownBy(() -> lookupOnly.serializer().serialize(TOPIC, Samples.fileEvent()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining("not registered under subject " + TOPIC + "-value")
                .hasMessageContaining("auto.register.schemas is false")
                .hasMessageContaining("POST /subjects/" + TOPIC + "-value/versions")
                .hasCauseInstanceOf(NotFoundException.class);
        assertThat(registry.subjects()).as("nothing registered behind the user's back").isEmpty();
    }

    @Test
    void shouldUseRegisteredIdWhenAutoRegisterIsOff() {
        int id = registry.register(TOPIC + "-value", FileEvent.getClassSchema());
        AvroSerde<FileEvent> lookupOnly = AvroSerde.specific(FileEvent.class, registry, false);

        byte[] bytes = lookupOnly.serializer().serialize(TOPIC, Samples.fileEvent());

        assertThat(WireFormat.schemaId(TOPIC, bytes)).isEqualTo(id);
        assertThat(registry.versions(TOPIC + "-value")).hasSize(1);
    }

    @Test
    void shouldRejectGarbageBytesNamingTopic() {
        byte[] garbage = "{\"path\":\"/x\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining("first byte is 123, expected magic byte 0");
    }

    @Test
    void shouldRejectBytesShorterThanHeaderNamingTopic() {
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining("3 bytes");
    }

    @Test
    void shouldRejectUnknownSchemaIdNamingTopicAndId() {
        byte[] unknownId = {0, 0, 0, 0x30, 0x39, 2, 'a'};

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, unknownId))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining("schema id 12345");
    }

    @Test
    void shouldRejectTruncatedPayloadNamingTopic() {
        byte[] valid = serde.serializer().serialize(TOPIC, Samples.fileEvent());
        byte[] truncated = Arrays.copyOf(valid, valid.length / 2);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining("cannot decode");
    }

    @Test
    void shouldRejectClaimedLengthBeyondRecordWithoutAllocatingIt() throws Exception {
        AvroSerde<FileRecord> records = AvroSerde.specific(FileRecord.class, registry);
        byte[] valid = records.serializer().serialize("meridian.metadata", Samples.fileRecord());
        ByteArrayOutputStream garbage = new ByteArrayOutputStream();
        garbage.write(valid, 0, WireFormat.HEADER_SIZE);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(garbage, null);
        encoder.writeString("/x");
        // Two billion instances would be an 8 GB array if Avro allocated it before reading them.
        encoder.writeArrayStart();
        encoder.setItemCount(2_000_000_000L);
        encoder.flush();
        garbage.write(new byte[] {1, 2, 3});

        assertThatThrownBy(() -> records.deserializer().deserialize("meridian.metadata", garbage.toByteArray()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("meridian.metadata");
    }

    @Test
    void shouldNameFieldWhenRequiredValueIsMissing() {
        FileEvent incomplete = Samples.fileEvent();
        incomplete.setSequencer(null);

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, incomplete))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining("sequencer");
    }

    @Test
    void shouldPassRegistryOutageThroughAsRegistryErrorNotBadData() {
        AvroSerde<FileEvent> unreachable = AvroSerde.specific(FileEvent.class,
                HttpSchemaRegistryClient.of("http://127.0.0.1:9"));
        byte[] bytes = serde.serializer().serialize(TOPIC, Samples.fileEvent());

        // A record is not at fault when the registry is down: it must not look like a dead letter.
        assertThatThrownBy(() -> unreachable.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContaining("is the registry running?");
    }

    @Test
    void shouldRefuseValueThatIsNotAnAvroRecord() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        AvroSerializer<Object> raw = new AvroSerializer(registry);

        assertThatThrownBy(() -> raw.serialize(TOPIC, "just a string"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining("java.lang.String");
    }
}
