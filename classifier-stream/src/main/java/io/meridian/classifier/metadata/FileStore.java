package io.meridian.classifier.metadata;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.serde.WireFormat;
import io.meridian.streams.StateSerdes;
import io.meridian.topics.Topics;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The files store (path to FileRecord) holding each record as the very bytes that
 * {@code meridian.metadata} gets: the registry's wire format. A changed record is then encoded once,
 * for the store and the topic both (it was a tenth of the classifier's CPU per event to encode it
 * twice), and stored records carry their schema id, so a later FileRecord schema still reads them.
 *
 * <p>Stores written before this held plain Avro binary of the schema of the build. They still read:
 * wire-format bytes start with the magic byte 0, while plain binary starts with the path's length,
 * which is never 0.
 */
public final class FileStore {
    private static final StringSerializer KEYS = new StringSerializer();
    private static final Deserializer<FileRecord> PLAIN_BINARY = StateSerdes.plainBinary(FileRecord.getClassSchema());

    private final KeyValueStore<String, byte[]> store;
    private final Serde<FileRecord> metadataSerde;

    /** {@code metadataSerde}: the value serde of meridian.metadata. */
    public FileStore(KeyValueStore<String, byte[]> store, Serde<FileRecord> metadataSerde) {
        this.store = store;
        this.metadataSerde = metadataSerde;
    }

    /** The record of {@code path}, or null. */
    public FileRecord get(String path) {
        return decode(store.get(path));
    }

    /** Stores {@code record} and returns its bytes, ready for meridian.metadata. */
    public byte[] put(String path, FileRecord record) {
        byte[] bytes = metadataSerde.serializer().serialize(Topics.METADATA, record);
        store.put(path, bytes);
        return bytes;
    }

    public void delete(String path) {
        store.delete(path);
    }

    /** The records whose path starts with {@code prefix}, in path order. */
    public KeyValueIterator<String, FileRecord> prefixScan(String prefix) {
        return new Decoding(store.prefixScan(prefix, KEYS));
    }

    /** The records from path {@code from} on (null: from the first), in path order. */
    public KeyValueIterator<String, FileRecord> from(String from) {
        return new Decoding(from == null ? store.all() : store.range(from, null));
    }

    private FileRecord decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        return bytes.length > 0 && bytes[0] == WireFormat.MAGIC_BYTE
                ? metadataSerde.deserializer().deserialize(Topics.METADATA, bytes)
                : PLAIN_BINARY.deserialize(Topics.METADATA, bytes);
    }

    private final class Decoding implements KeyValueIterator<String, FileRecord> {
        private final KeyValueIterator<String, byte[]> raw;

        Decoding(KeyValueIterator<String, byte[]> raw) {
            this.raw = raw;
        }

        @Override
        public boolean hasNext() {
            return raw.hasNext();
        }

        @Override
        public KeyValue<String, FileRecord> next() {
            KeyValue<String, byte[]> entry = raw.next();
            return KeyValue.pair(entry.key, decode(entry.value));
        }

        @Override
        public String peekNextKey() {
            return raw.peekNextKey();
        }

        @Override
        public void close() {
            raw.close();
        }
    }
}
