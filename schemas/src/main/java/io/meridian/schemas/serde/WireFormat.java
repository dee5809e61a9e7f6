package io.meridian.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format header: magic byte 0, then the schema id as a 4-byte big-endian int, then
 * the Avro binary encoding of the value. Shared by every Meridian topic value.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The five header bytes for a schema id. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** Whether the bytes start like a wire-format value (for tools that print any topic). */
    public static boolean looksLikeAvro(byte[] data) {
        return data != null && data.length >= HEADER_SIZE && data[0] == MAGIC_BYTE;
    }

    /**
     * The schema id of a serialized value.
     *
     * @param topic named in the message when the bytes are not in the wire format
     * @throws SerializationException when the bytes are too short or do not start with the magic byte
     */
    public static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("record on topic " + topic + " is not in the Confluent wire format: "
                    + data.length + " bytes, fewer than the " + HEADER_SIZE + "-byte header (magic byte + schema id)"
                    + "; was it written by an Avro serializer with a schema registry?");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException("record on topic " + topic + " is not in the Confluent wire format: "
                    + "first byte is " + (data[0] & 0xff) + ", expected magic byte " + MAGIC_BYTE
                    + "; was it written as plain JSON or text instead of with an Avro serializer?");
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }
}
