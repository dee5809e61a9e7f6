package io.meridian.classifier.sniff;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Beginnings of real files of each format, made by the format's own writer where the JDK has one
 * (gzip, PNG, JPEG, WAV), copied from files written by the reference tool (NumPy's np.save, the zstd
 * CLI), or laid out as the format's specification says (Parquet, Arrow IPC, safetensors, TFRecord,
 * HDF5 superblock, MP4 ftyp box).
 */
final class RealHeaders {
    private RealHeaders() {
    }

    /** np.save of a 2x3 float32 array (NumPy 2.4), first 24 bytes. */
    static byte[] npy() {
        return concat(HexFormat.of().parseHex("934e554d5059010076007b"), "'descr': '<f4'".getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@code printf 'hello tensors' | zstd -c}: a whole zstd frame. */
    static byte[] zstd() {
        return HexFormat.of().parseHex("28b52ffd045869000068656c6c6f2074656e736f7273f6a7a2fa");
    }

    /** Parquet: "PAR1", then the first column chunk's page header (thrift compact). */
    static byte[] parquet() {
        return concat(ascii("PAR1"), HexFormat.of().parseHex("15000b1c15b00115b001"));
    }

    /** Arrow IPC file: "ARROW1", two padding bytes, then the stream's continuation marker. */
    static byte[] arrow() {
        return concat(ascii("ARROW1"), new byte[] {0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x70, 0, 0, 0});
    }

    /** safetensors: little-endian u64 length of the JSON header, then the header. */
    static byte[] safetensors() {
        byte[] json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}".getBytes(StandardCharsets.UTF_8);
        return concat(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array(), json);
    }

    /** TFRecord: u64 length, masked CRC32C of the length, the data, masked CRC32C of the data (TFRecordWriter's layout). */
    static byte[] tfrecord() {
        byte[] data = "example-proto-bytes".getBytes(StandardCharsets.UTF_8);
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
        return concat(length, le32(masked(length)), data, le32(masked(data)));
    }

    /** HDF5: the superblock signature, then superblock version 0 and its free-space/root-group versions. */
    static byte[] hdf5() {
        return concat(HexFormat.of().parseHex("894844460d0a1a0a"), new byte[] {0, 0, 0, 0, 0, 8, 8, 0});
    }

    /** MP4: a 32-byte ftyp box, as ffmpeg writes it for an isom file. */
    static byte[] mp4() {
        return concat(new byte[] {0, 0, 0, 0x20}, ascii("ftypisom"), new byte[] {0, 0, 2, 0}, ascii("isomiso2avc1mp41"));
    }

    static byte[] gzip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] image(String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] wav() {
        AudioFormat format = new AudioFormat(8000f, 16, 1, true, false);
        byte[] samples = new byte[800];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(samples), format, samples.length / 2)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int masked(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        int value = (int) crc.getValue();
        return Integer.rotateRight(value, 15) + 0xa282ead8;
    }

    private static byte[] le32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
