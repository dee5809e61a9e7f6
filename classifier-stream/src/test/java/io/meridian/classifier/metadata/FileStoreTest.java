package io.meridian.classifier.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.registry.InMemorySchemaRegistry;
import io.meridian.topics.Topic;
import io.meridian.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The files store keeps records as meridian.metadata bytes, and still reads what earlier versions stored. */
class FileStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Serde<FileRecord> metadata = Topic.avro(Topics.METADATA, FileRecord.class, new InMemorySchemaRegistry()).valueSerde();
    private KeyValueStore<String, byte[]> raw;
    private FileStore files;

    @BeforeEach
    void init() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        raw = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("files"), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        raw.init(context.getStateStoreContext(), raw);
        files = new FileStore(raw, metadata);
    }

    @Test
    void shouldStoreTheBytesItReturnsForTheMetadataTopic() {
        FileRecord record = record("/d/a");
        byte[] published = files.put("/d/a", record);

        assertThat(raw.get("/d/a")).isEqualTo(published);
        assertThat(metadata.deserializer().deserialize(Topics.METADATA, published)).isEqualTo(record);
        assertThat(files.get("/d/a")).isEqualTo(record);
    }

    @Test
    void shouldReadRecordsStoredAsPlainBinaryByEarlierVersions() {
        FileRecord record = record("/d/old");
        raw.put("/d/old", plainBinary(record));

        assertThat(files.get("/d/old")).isEqualTo(record);
    }

    @Test
    void shouldScanADirectoryAndResumeFromAPath() {
        files.put("/d/a", record("/d/a"));
        files.put("/d/b", record("/d/b"));
        files.put("/e/c", record("/e/c"));

        assertThat(paths(files.prefixScan("/d/"))).containsExactly("/d/a", "/d/b");
        assertThat(paths(files.from("/d/b"))).containsExactly("/d/b", "/e/c");
        assertThat(paths(files.from(null))).containsExactly("/d/a", "/d/b", "/e/c");
        files.delete("/d/a");
        assertThat(files.get("/d/a")).isNull();
    }

    private static List<String> paths(KeyValueIterator<String, FileRecord> it) {
        List<String> paths = new ArrayList<>();
        try (it) {
            it.forEachRemaining(entry -> paths.add(entry.value.getPath()));
        }
        return paths;
    }

    /** A record as builds before the registry's wire format stored it: plain Avro binary. */
    private static byte[] plainBinary(FileRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(FileRecord.class).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileRecord record(String path) {
        return RecordFinisher.empty(path, T0);
    }
}
