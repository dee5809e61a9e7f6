package io.meridian.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.SiloUsage;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import io.meridian.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class StateSerdesTest {
    private static final String CHANGELOG = "app-store-changelog";

    /** A record with every kind of component state uses. */
    record Job(String id, Kind kind, Kind previous, int attempt, Long dueAt, List<Part> parts, Map<Integer, Part> byPartition,
               Map<String, String> notes) {
    }

    record Part(String name, long bytes) {
    }

    /** A record that gained a component. */
    record Grown(String name, Long bytes) {
    }

    enum Kind { FILES, SILO }

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final StateSerdes serdes = new StateSerdes(registry);

    @Test
    void shouldRoundTripRecordsInTheWireFormatWithTheSchemaRegisteredForTheTopic() {
        Serde<Job> serde = serdes.record(Job.class, null);
        Job job = new Job("j", Kind.SILO, Kind.FILES, 3, null, List.of(new Part("a", 1)), Map.of(2, new Part("b", 2)), Map.of("k", "v"));

        byte[] bytes = serde.serializer().serialize(CHANGELOG, job);

        assertThat(WireFormat.looksLikeAvro(bytes)).isTrue();
        assertThat(registry.subjects()).containsExactly(CHANGELOG + "-value");
        assertThat(serde.deserializer().deserialize(CHANGELOG, bytes)).isEqualTo(job);
    }

    @Test
    void shouldReadStateWrittenWithAnOlderSchemaIntoTheCurrentRecord() throws Exception {
        // Grown's schema before its "bytes" component was added, as a later build finds it in its state
        Schema current = RecordAvro.schema(Grown.class);
        Schema older = SchemaBuilder.record(current.getName()).namespace(current.getNamespace()).fields()
                .name("name").type().unionOf().nullType().and().stringType().endUnion().nullDefault().endRecord();
        int id = registry.register(CHANGELOG + "-value", older);
        GenericRecord old = new GenericData.Record(older);
        old.put("name", "a");

        Grown read = serdes.record(Grown.class, null).deserializer().deserialize(CHANGELOG, wire(id, older, old));

        assertThat(read).isEqualTo(new Grown("a", null));
    }

    @Test
    void shouldStillReadPlainAvroBinaryWrittenBeforeTheRegistry() throws Exception {
        SiloUsage usage = SiloUsage.newBuilder().setSilo("nas").setUsedBytes(10).setFileCount(1)
                .setUpdatedAt(Instant.ofEpochMilli(5)).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SiloUsage>(SiloUsage.class).write(usage, encoder);
        encoder.flush();

        assertThat(serdes.of(SiloUsage.class).deserializer().deserialize(CHANGELOG, out.toByteArray())).isEqualTo(usage);
        assertThat(serdes.stringMap().deserializer().deserialize(CHANGELOG, new byte[] {0})).isEmpty();
    }

    @Test
    void shouldHandValuesThatAreNotInTheWireFormatToTheLegacyReader() {
        Serde<Part> serde = serdes.record(Part.class, (topic, bytes) -> new Part(new String(bytes, StandardCharsets.UTF_8), 0));

        assertThat(serde.deserializer().deserialize(CHANGELOG, "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Part("{\"name\":\"a\"}", 0));
    }

    @Test
    void shouldRoundTripMapsWithJavaStrings() {
        Serde<Map<String, SiloUsage>> serde = serdes.mapOf(SiloUsage.class);
        Map<String, SiloUsage> value = Map.of("nas", SiloUsage.newBuilder().setSilo("nas").setUsedBytes(1).setFileCount(1)
                .setUpdatedAt(Instant.ofEpochMilli(1)).build());

        Map<String, SiloUsage> read = serde.deserializer().deserialize(CHANGELOG, serde.serializer().serialize(CHANGELOG, value));

        assertThat(read).isEqualTo(value);
        assertThat(read.keySet().iterator().next()).isInstanceOf(String.class);
    }

    private static byte[] wire(int id, Schema schema, GenericRecord value) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(WireFormat.header(id));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
