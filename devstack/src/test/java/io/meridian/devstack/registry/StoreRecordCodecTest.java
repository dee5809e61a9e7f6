package io.meridian.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.devstack.registry.StoreRecord.ConfigRecord;
import io.meridian.devstack.registry.StoreRecord.SchemaRecord;
import io.meridian.devstack.registry.StoreRecord.SchemaTombstone;
import io.meridian.schemas.registry.CompatibilityLevel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Records in Confluent's KafkaStore JSON layout, both ways. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class StoreRecordCodecTest {

    @Test
    void shouldWriteSchemaRecordsInConfluentsLayout() {
        SchemaRecord record = new SchemaRecord("s-value", 2, 7, "\"string\"", false);

        assertThat(StoreRecordCodec.key(record))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"s-value\",\"version\":2,\"magic\":1}");
        assertThat(StoreRecordCodec.value(record)).isEqualTo(
                "{\"subject\":\"s-value\",\"version\":2,\"id\":7,\"schema\":\"\\\"string\\\"\",\"deleted\":false}");
        assertThat(StoreRecordCodec.decode(StoreRecordCodec.key(record), StoreRecordCodec.value(record)))
                .contains(record);
    }

    @Test
    void shouldWriteGlobalAndSubjectConfigKeys() {
        ConfigRecord global = new ConfigRecord(null, CompatibilityLevel.FULL);

        assertThat(StoreRecordCodec.key(global)).isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(StoreRecordCodec.value(global)).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(StoreRecordCodec.decode(StoreRecordCodec.key(new ConfigRecord("s", null)), null))
                .contains(new ConfigRecord("s", null));
    }

    @Test
    void shouldReadConfluentRecordsItDoesNotWrite() {
        String key = "{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}";

        assertThat(StoreRecordCodec.decode(key, null)).contains(new SchemaTombstone("s", 1));
        assertThat(StoreRecordCodec.decode("{\"keytype\":\"NOOP\",\"magic\":0}", null)).isEmpty();
        assertThat(StoreRecordCodec.decode(key, "{\"subject\":\"s\",\"version\":1,\"id\":3,\"schema\":\"x\","
                + "\"schemaType\":\"PROTOBUF\"}")).isEmpty();
    }

    @Test
    void shouldRefuseARecordThatIsNotTheExpectedJson() {
        assertThatThrownBy(() -> StoreRecordCodec.decode("not json", "{}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreRecordCodec.decode(
                "{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1}", "{\"id\":\"one\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
    }
}
