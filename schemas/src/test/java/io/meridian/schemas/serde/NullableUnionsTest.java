package io.meridian.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class NullableUnionsTest {
    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "R", "fields": [
              {"name": "nullFirst", "type": ["null", "string"], "default": null},
              {"name": "nullLast", "type": ["long", "null"]},
              {"name": "either", "type": ["int", "string"]},
              {"name": "three", "type": ["null", "int", "string"], "default": null}
            ]}""");

    @Test
    void shouldPickTheBranchOfOptionalFieldsAsAvroDoes() throws Exception {
        for (Object[] values : new Object[][] {{null, null, 1, null}, {"a", 7L, "b", 3}, {"", 0L, 2, "c"}}) {
            GenericRecord record = new GenericData.Record(SCHEMA);
            record.put("nullFirst", values[0]);
            record.put("nullLast", values[1]);
            record.put("either", values[2]);
            record.put("three", values[3]);
            byte[] fast = write(NullableUnions.genericWriter(SCHEMA, GenericData.get()), record);
            assertThat(fast).isEqualTo(write(new GenericDatumWriter<>(SCHEMA, GenericData.get()), record));
            GenericRecord back = new GenericDatumReader<GenericRecord>(SCHEMA).read(null, DecoderFactory.get().binaryDecoder(fast, null));
            assertThat(back.toString()).isEqualTo(record.toString());
        }
    }

    @Test
    void shouldStillRefuseAValueOfTheWrongType() {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("nullFirst", 42); // not a string
        record.put("nullLast", 1L);
        record.put("either", 1);
        assertThatThrownBy(() -> write(NullableUnions.genericWriter(SCHEMA, GenericData.get()), record))
                .isInstanceOf(ClassCastException.class);
    }

    @Test
    void shouldResolveOnlyTwoBranchUnionsWithOneNull() {
        Schema nullFirst = SCHEMA.getField("nullFirst").schema();
        Schema nullLast = SCHEMA.getField("nullLast").schema();
        assertThat(NullableUnions.branch(nullFirst, null)).isZero();
        assertThat(NullableUnions.branch(nullFirst, "x")).isEqualTo(1);
        assertThat(NullableUnions.branch(nullLast, null)).isEqualTo(1);
        assertThat(NullableUnions.branch(nullLast, 5L)).isZero();
        assertThat(NullableUnions.branch(SCHEMA.getField("either").schema(), 1)).isEqualTo(-1);
        assertThat(NullableUnions.branch(SCHEMA.getField("three").schema(), null)).isEqualTo(-1);
    }

    private static byte[] write(GenericDatumWriter<GenericRecord> writer, GenericRecord record) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        writer.write(record, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }
}
