package io.meridian.classifier.sniff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Format detection on the first bytes of real files of every supported format. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MagicBytesTest {

    @Test
    void shouldRecogniseEverySupportedFormatFromItsFirstBytes() {
        Map<String, byte[]> files = new TreeMap<>(Map.ofEntries(
                Map.entry("parquet", RealHeaders.parquet()), Map.entry("arrow", RealHeaders.arrow()),
                Map.entry("tfrecord", RealHeaders.tfrecord()), Map.entry("safetensors", RealHeaders.safetensors()),
                Map.entry("npy", RealHeaders.npy()), Map.entry("hdf5", RealHeaders.hdf5()),
                Map.entry("zstd", RealHeaders.zstd()), Map.entry("gzip", RealHeaders.gzip()),
                Map.entry("jpeg", RealHeaders.image("jpeg")), Map.entry("png", RealHeaders.image("png")),
                Map.entry("wav", RealHeaders.wav()), Map.entry("mp4", RealHeaders.mp4())));
        Map<String, String> detected = new TreeMap<>();
        files.forEach((format, bytes) -> detected.put(format, detect(bytes, 64)));

        assertThat(detected).allSatisfy((format, found) -> assertThat(found).as(format).isEqualTo(format));
    }

    @Test
    void shouldDecideWithTheFirstSixteenBytes() {
        assertThat(detect(RealHeaders.wav(), MagicBytes.NEEDED)).isEqualTo("wav");
        assertThat(detect(RealHeaders.tfrecord(), MagicBytes.NEEDED)).isEqualTo("tfrecord");
        assertThat(detect(RealHeaders.safetensors(), MagicBytes.NEEDED)).isEqualTo("safetensors");
    }

    @Test
    void shouldRecogniseNothingInTextShortFilesOrAnAlmostTfrecord() {
        assertThat(detect("path,size\n/a,1\n".getBytes(StandardCharsets.UTF_8), 64)).isEmpty();
        assertThat(detect("{\"json\": true}\n".getBytes(StandardCharsets.UTF_8), 64)).isEmpty();
        assertThat(detect(RealHeaders.ascii("PA"), 64)).isEmpty();
        assertThat(detect(new byte[0], 64)).isEmpty();
        byte[] corrupt = RealHeaders.tfrecord();
        corrupt[9] ^= 0x01; // the length's checksum no longer matches
        assertThat(detect(corrupt, 64)).isEmpty();
        byte[] hugeHeader = RealHeaders.safetensors();
        hugeHeader[7] = 0x7f; // a header length no safetensors file has
        assertThat(detect(hugeHeader, 64)).isEmpty();
    }

    private static String detect(byte[] file, int limit) {
        byte[] head = Arrays.copyOf(file, Math.min(file.length, limit));
        return MagicBytes.detect(head, head.length);
    }
}
