package io.meridian.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import io.meridian.schemas.PlacementChange;
import io.meridian.schemas.PlacementNotice;
import io.meridian.schemas.Tier;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Records written with an older FileEvent or PlacementNotice schema read into today's generated class. */
class SchemaEvolutionSerdeTest {

    private static final String TOPIC = "meridian.file-events";

    // An earlier FileEvent: no fileType, no mode/owner/fileKey/versionId/crc32c/symlinkTarget, no message.
    private static final Schema OLD_FILE_EVENT = new Schema.Parser().parse("""
            {"type":"record","name":"FileEvent","namespace":"io.meridian.schemas","fields":[
              {"name":"path","type":"string"},
              {"name":"silo","type":"string"},
              {"name":"type","type":{"type":"enum","name":"FileEventType",
                "symbols":["UPSERT","DELETE","RENAME","UNREADABLE"],"default":"UPSERT"}},
              {"name":"previousPath","type":["null","string"],"default":null},
              {"name":"size","type":"long","default":0},
              {"name":"mtime","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"etag","type":["null","string"],"default":null},
              {"name":"sequencer","type":"string"},
              {"name":"source","type":{"type":"enum","name":"EventSource",
                "symbols":["POSIX_SCAN","POSIX_WATCH","S3_LIST","S3_NOTIFICATION","HOOK","MOVER"],"default":"HOOK"}},
              {"name":"observedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]}""");

    private static final String NOTICES = "meridian.placement-notices";

    // A PlacementNotice before it said where the instance is (uri) and which staging requests it serves.
    private static final Schema OLD_PLACEMENT_NOTICE = new Schema.Parser().parse("""
            {"type":"record","name":"PlacementNotice","namespace":"io.meridian.schemas","fields":[
              {"name":"path","type":"string"},
              {"name":"silo","type":"string"},
              {"name":"site","type":"string"},
              {"name":"tier","type":{"type":"enum","name":"Tier","symbols":["ARCHIVE","CAPACITY","PERFORMANCE","NVME"]}},
              {"name":"change","type":{"type":"enum","name":"PlacementChange","symbols":["ADDED","REMOVED"]}},
              {"name":"size","type":"long"},
              {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}}]}""");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void shouldReadDataWrittenWithOlderSchemaIntoCurrentClass() {
        byte[] old = AvroSerde.generic(registry).serializer().serialize(TOPIC, oldEvent());
        int oldId = WireFormat.schemaId(TOPIC, old);

        FileEvent read = AvroSerde.specific(FileEvent.class, registry).deserializer().deserialize(TOPIC, old);

        assertThat(registry.schemaById(oldId)).isEqualTo(OLD_FILE_EVENT);
        assertThat(read.getPath()).isEqualTo("/datasets/old.bin");
        assertThat(read.getType()).isEqualTo(FileEventType.DELETE);
        assertThat(read.getSize()).isEqualTo(17L);
        assertThat(read.getMtime()).isEqualTo(Samples.T0);
        assertThat(read.getEtag()).isEqualTo("abc");
        assertThat(read.getSource()).isEqualTo(EventSource.S3_LIST);
        // Fields the old writer did not have take the defaults of the current schema.
        assertThat(read.getFileType()).isEqualTo(FileType.FILE);
        assertThat(read.getOwner()).isNull();
        assertThat(read.getMessage()).isNull();
    }

    @Test
    void shouldRegisterCurrentSchemaAsSecondVersionAfterOlderOne() {
        AvroSerde.generic(registry).serializer().serialize(TOPIC, oldEvent());

        AvroSerde.specific(FileEvent.class, registry).serializer().serialize(TOPIC, Samples.fileEvent());

        assertThat(registry.latest(TOPIC + "-value").version()).isEqualTo(2);
        assertThat(registry.latest(TOPIC + "-value").schema()).isEqualTo(FileEvent.getClassSchema());
    }

    @Test
    void shouldReadPlacementNoticeWrittenBeforeUriAndStagingRequestsWithTheirDefaults() {
        byte[] old = AvroSerde.generic(registry).serializer().serialize(NOTICES, oldNotice());

        PlacementNotice read = AvroSerde.specific(PlacementNotice.class, registry).deserializer().deserialize(NOTICES, old);

        assertThat(read.getPath()).isEqualTo("/datasets/a.bin");
        assertThat(read.getTier()).isEqualTo(Tier.NVME);
        assertThat(read.getChange()).isEqualTo(PlacementChange.REMOVED);
        assertThat(read.getSize()).isEqualTo(42L);
        assertThat(read.getUri()).isNull();
        assertThat(read.getStagingRequests()).isEmpty();
    }

    @Test
    void shouldRegisterCurrentPlacementNoticeAsSecondVersionAfterOlderOne() {
        AvroSerde.generic(registry).serializer().serialize(NOTICES, oldNotice());

        AvroSerde.specific(PlacementNotice.class, registry).serializer().serialize(NOTICES, Samples.everyTopicValue().stream()
                .filter(PlacementNotice.class::isInstance).map(PlacementNotice.class::cast).findFirst().orElseThrow());

        assertThat(registry.latest(NOTICES + "-value").version()).isEqualTo(2);
        assertThat(registry.latest(NOTICES + "-value").schema()).isEqualTo(PlacementNotice.getClassSchema());
    }

    private static GenericRecord oldNotice() {
        GenericRecord record = new GenericData.Record(OLD_PLACEMENT_NOTICE);
        record.put("path", "/datasets/a.bin");
        record.put("silo", "gpu-nvme");
        record.put("site", "gpu-east");
        record.put("tier", new GenericData.EnumSymbol(OLD_PLACEMENT_NOTICE.getField("tier").schema(), "NVME"));
        record.put("change", new GenericData.EnumSymbol(OLD_PLACEMENT_NOTICE.getField("change").schema(), "REMOVED"));
        record.put("size", 42L);
        record.put("at", Samples.T0.toEpochMilli());
        return record;
    }

    private static GenericRecord oldEvent() {
        GenericRecord record = new GenericData.Record(OLD_FILE_EVENT);
        record.put("path", "/datasets/old.bin");
        record.put("silo", "archive");
        record.put("type", new GenericData.EnumSymbol(OLD_FILE_EVENT.getField("type").schema(), "DELETE"));
        record.put("previousPath", null);
        record.put("size", 17L);
        record.put("mtime", Samples.T0.toEpochMilli());
        record.put("etag", "abc");
        record.put("sequencer", "0001");
        record.put("source", new GenericData.EnumSymbol(OLD_FILE_EVENT.getField("source").schema(), "S3_LIST"));
        record.put("observedAt", Samples.T1.toEpochMilli());
        return record;
    }
}
