package io.meridian.classifier.sniff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Recognises a file's format from its first bytes. The names are those of the built-in {@code format}
 * auto-tag ({@code parquet, arrow, tfrecord, safetensors, npy, hdf5, zstd, gzip, jpeg, png, wav, mp4}),
 * so a rule can compare the two. Every check needs at most {@value #NEEDED} bytes.
 *
 * <p>Most formats start with a fixed signature. Two do not, and are recognised by their structure:
 * a TFRecord file starts with a record header (little-endian uint64 length, then the masked CRC32C of
 * those 8 bytes), and a safetensors file with a little-endian uint64 header length followed by the
 * JSON header's '{'. Contract: pure and thread-safe; "" when no format is recognised.
 */
public final class MagicBytes {
    /** Bytes every check here can decide with. */
    public static final int NEEDED = 16;
    /** A safetensors header longer than this is not one (the format caps it at 100 MB). */
    private static final long SAFETENSORS_MAX_HEADER = 100_000_000L;
    private static final int TFRECORD_MASK_DELTA = 0xa282ead8;

    private MagicBytes() {
    }

    /** The format of a file that starts with {@code head[0..length)}, or "". */
    public static String detect(byte[] head, int length) {
        if (starts(head, length, 0, 'P', 'A', 'R', '1')) {
            return "parquet";
        }
        if (starts(head, length, 0, 'A', 'R', 'R', 'O', 'W', '1')) {
            return "arrow";
        }
        if (starts(head, length, 0, 0x93, 'N', 'U', 'M', 'P', 'Y')) {
            return "npy";
        }
        if (starts(head, length, 0, 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n')) {
            return "hdf5";
        }
        if (starts(head, length, 0, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n')) {
            return "png";
        }
        if (starts(head, length, 0, 0x28, 0xb5, 0x2f, 0xfd)) {
            return "zstd";
        }
        if (starts(head, length, 0, 0x1f, 0x8b, 0x08)) {
            return "gzip";
        }
        if (starts(head, length, 0, 0xff, 0xd8, 0xff)) {
            return "jpeg";
        }
        if (starts(head, length, 0, 'R', 'I', 'F', 'F') && starts(head, length, 8, 'W', 'A', 'V', 'E')) {
            return "wav";
        }
        if (starts(head, length, 4, 'f', 't', 'y', 'p')) {
            return "mp4";
        }
        return structured(head, length);
    }

    private static String structured(byte[] head, int length) {
        if (length < 12) {
            return "";
        }
        ByteBuffer le = ByteBuffer.wrap(head, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        long first = le.getLong(0);
        if (le.getInt(8) == maskedCrc32c(head, 0, 8)) {
            return "tfrecord";
        }
        if (first >= 2 && first <= SAFETENSORS_MAX_HEADER && head[8] == '{') {
            return "safetensors";
        }
        return "";
    }

    /** TFRecord's masked CRC32C: rotate right by 15 bits and add a constant. */
    static int maskedCrc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + TFRECORD_MASK_DELTA;
    }

    private static boolean starts(byte[] head, int length, int offset, int... signature) {
        if (length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((head[offset + i] & 0xff) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
