package io.meridian.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.registry.FakeRegistryServer.Answer;
import io.meridian.schemas.registry.FakeRegistryServer;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** The serdes as Kafka instantiates them: by class name, then configure(Map, isKey). */
class AvroSerdeConfigureTest {

    private static final String TOPIC = "meridian.file-events";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void shouldRegisterThroughSchemaRegistryUrl() throws IOException {
        try (FakeRegistryServer server = FakeRegistryServer.start(request -> Answer.json(200, "{\"id\":7}"))) {
            Serializer<FileEvent> serializer = new AvroSerializer<>();
            serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url()), false);

            byte[] bytes = serializer.serialize(TOPIC, Samples.fileEvent());
            serializer.serialize(TOPIC, Samples.fileEvent());
            serializer.close();

            assertThat(WireFormat.schemaId(TOPIC, bytes)).isEqualTo(7);
            assertThat(server.requests()).as("one registration for many records").hasSize(1);
            assertThat(server.requests().get(0).path()).isEqualTo("/subjects/" + TOPIC + "-value/versions");
        }
    }

    @Test
    void shouldLookUpInsteadOfRegisteringWhenAutoRegisterIsFalse() throws IOException {
        String answer = "{\"subject\":\"" + TOPIC + "-key\",\"version\":1,\"id\":4,\"schema\":"
                + new ObjectMapper().writeValueAsString(FileEvent.getClassSchema().toString())
                + "}";
        try (FakeRegistryServer server = FakeRegistryServer.start(request -> Answer.json(200, answer))) {
            Serializer<FileEvent> serializer = new AvroSerializer<>();
            serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url(),
                    AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), true);

            assertThat(WireFormat.schemaId(TOPIC, serializer.serialize(TOPIC, Samples.fileEvent()))).isEqualTo(4);
            assertThat(server.requests().get(0).method()).isEqualTo("POST");
            assertThat(server.requests().get(0).path()).isEqualTo("/subjects/" + TOPIC + "-key");
        }
    }

    @Test
    void shouldReadIntoClassNamedByProperty() {
        byte[] bytes = AvroSerde.specific(FileEvent.class, registry).serializer().serialize(TOPIC, Samples.fileEvent());
        Deserializer<Object> deserializer = new AvroDeserializer<>();
        deserializer.configure(Map.of(AvroSerdeConfig.REGISTRY_INSTANCE, registry,
                AvroSerdeConfig.SPECIFIC_CLASS, FileEvent.class.getName()), false);

        assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(Samples.fileEvent());
    }

    @Test
    void shouldReadIntoClassNamedByWriterSchemaWithSpecificReader() {
        byte[] bytes = AvroSerde.specific(FileEvent.class, registry).serializer().serialize(TOPIC, Samples.fileEvent());
        Deserializer<Object> deserializer = new AvroDeserializer<>();
        deserializer.configure(Map.of(AvroSerdeConfig.REGISTRY_INSTANCE, registry,
                AvroSerdeConfig.SPECIFIC_AVRO_READER, true), false);

        assertThat(deserializer.deserialize(TOPIC, bytes)).isInstanceOf(FileEvent.class).isEqualTo(Samples.fileEvent());
    }

    @Test
    void shouldReadGenericRecordByDefault() {
        byte[] bytes = AvroSerde.specific(FileEvent.class, registry).serializer().serialize(TOPIC, Samples.fileEvent());
        AvroSerde<GenericRecord> serde = new AvroSerde<>();
        serde.configure(Map.of(AvroSerdeConfig.REGISTRY_INSTANCE, registry), false);

        GenericRecord read = serde.deserializer().deserialize(TOPIC, bytes);

        assertThat(read).isNotInstanceOf(FileEvent.class);
        assertThat(read.get("silo")).isEqualTo("nas");
    }

    @Test
    void shouldRequireRegistryUrlNamingTheProperty() {
        assertThatThrownBy(() -> new AvroSerializer<>().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }

    @Test
    void shouldRefuseUnknownSpecificClassNamingTheProperty() {
        assertThatThrownBy(() -> new AvroDeserializer<>().configure(Map.of(AvroSerdeConfig.REGISTRY_INSTANCE, registry,
                AvroSerdeConfig.SPECIFIC_CLASS, "io.meridian.schemas.NoSuchEvent"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.SPECIFIC_CLASS)
                .hasMessageContaining("io.meridian.schemas.NoSuchEvent");
    }

    @Test
    void shouldRefuseInvalidAutoRegisterFlagNamingTheProperty() {
        assertThatThrownBy(() -> new AvroSerializer<>().configure(Map.of(AvroSerdeConfig.REGISTRY_INSTANCE, registry,
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "sometimes"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS);
    }
}
