package io.meridian.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldRenderFileEventAsPlainJsonWithUnwrappedUnionsAndMillis() throws Exception {
        JsonNode json = JSON.readTree(AvroJson.toJson(Samples.fileEvent()));

        assertThat(json.path("path").asText()).isEqualTo("/datasets/train/shard-0001.parquet");
        assertThat(json.path("type").asText()).isEqualTo("UPSERT");
        assertThat(json.path("mtime").asLong()).isEqualTo(Samples.T0.toEpochMilli());
        assertThat(json.path("crc32c").asLong()).isEqualTo(0x1234_5678L);
        assertThat(json.path("owner").asText()).as("union value, no {\"string\": ...} wrapper").isEqualTo("alice");
        assertThat(json.path("etag").isNull()).isTrue();
        assertThat(json.fieldNames().next()).as("schema order").isEqualTo("path");
    }

    @Test
    void shouldRenderNestedInstancesAndTagMaps() throws Exception {
        JsonNode json = JSON.readTree(AvroJson.toPrettyJson(Samples.fileRecord()));

        assertThat(json.path("instances")).hasSize(2);
        assertThat(json.path("instances").get(1).path("state").asText()).isEqualTo("PRESENT");
        assertThat(json.path("tags").path("stage").path("inheritedFrom").asText()).isEqualTo("/datasets/train/");
        assertThat(json.path("autoTags").path("format").asText()).isEqualTo("parquet");
        assertThat(json.path("updatedAt").asLong()).isEqualTo(Samples.T1.toEpochMilli());
    }

    @Test
    void shouldRenderGenericRecordTheSameAsSpecificOne() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        byte[] bytes = AvroSerde.specific(FileRecord.class, registry).serializer()
                .serialize("meridian.metadata", Samples.fileRecord());
        GenericRecord generic = AvroSerde.generic(registry).deserializer().deserialize("meridian.metadata", bytes);

        assertThat(AvroJson.toJson(generic)).isEqualTo(AvroJson.toJson(Samples.fileRecord()));
    }
}
