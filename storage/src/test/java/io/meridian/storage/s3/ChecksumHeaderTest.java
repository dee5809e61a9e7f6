package io.meridian.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.S3Endpoint;
import io.meridian.devstack.s3.EmbeddedS3;
import io.meridian.storage.Crc32cs;
import io.meridian.storage.PendingWrite;
import io.meridian.storage.SiloStores;
import io.meridian.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
@Tag("integration")
class ChecksumHeaderTest {
    @Test
    void shouldEncodeTheCrc32cAsBase64OfFourBigEndianBytes() {
        // CRC32C("hello") = 0x9a71bb4c, the value AWS documents as base64 "mnG7TA=="
        assertThat(ChecksumHeader.encode(Crc32cs.of("hello".getBytes(StandardCharsets.UTF_8)))).isEqualTo("mnG7TA==");
        assertThat(new ChecksumHeader().headers(0x9a71bb4cL, 5)).containsEntry(ChecksumHeader.NAME, "mnG7TA==");
    }

    @Test
    void shouldPutWithoutTheHeaderOnceAnEndpointRefusesIt() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.builder().port(0).build().start();
             S3SiloStore store = new S3SiloStore("archive", new S3Endpoint(s3.endpoint(), s3.accessKey(), s3.secretKey()),
                     "bucket", "", SiloStores.DEFAULT_PART_SIZE, 2)) {
            s3.createBucket("bucket");
            ChecksumHeader header = store.checksumHeader();
            // several first PUTs at once: every one that raced the first refusal must still succeed
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> puts = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    String key = "k" + i + ".txt";
                    puts.add(pool.submit(() -> put(store, key)));
                }
                for (Future<?> put : puts) {
                    put.get();
                }
            } finally {
                pool.shutdownNow();
            }
            // S3Proxy 3.0 answers NotImplemented to x-amz-checksum-crc32c: the store stopped sending it
            assertThat(header.headers(1, 1)).isEmpty();
        }
    }

    @Test
    void shouldSendTheHeaderOnLargeBodiesOnlyOnceTheEndpointTookIt() {
        ChecksumHeader header = new ChecksumHeader();
        long large = ChecksumHeader.PROBE_MAX_BYTES + 1L;
        assertThat(header.headers(1, ChecksumHeader.PROBE_MAX_BYTES)).containsKey(ChecksumHeader.NAME);
        assertThat(header.headers(1, large)).as("support unknown: a refusal could break the pipe").isEmpty();
        header.accepted();
        assertThat(header.headers(1, large)).containsKey(ChecksumHeader.NAME);
    }

    @Test
    void shouldPutLargeSingleObjectsBeforeAndAfterTheEndpointRefusedTheHeader() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.builder().port(0).build().start();
             S3SiloStore store = new S3SiloStore("archive", new S3Endpoint(s3.endpoint(), s3.accessKey(), s3.secretKey()),
                     "bucket", "", SiloStores.DEFAULT_PART_SIZE, 2)) {
            s3.createBucket("bucket");
            // larger than the socket buffers, below the part size: one PUT
            byte[] data = new byte[3 << 20];
            new java.util.Random(7).nextBytes(data);
            put(store, "big.bin", data);
            put(store, "small.txt");
            assertThat(store.checksumHeader().headers(1, 1)).isEmpty();
            put(store, "big2.bin", data);
        }
    }

    private static Void put(S3SiloStore store, String key) throws IOException {
        return put(store, key, key.getBytes(StandardCharsets.UTF_8));
    }

    private static Void put(S3SiloStore store, String key, byte[] data) throws IOException {
        try (PendingWrite write = store.create(key, new WriteOptions(null, null, data.length, null))) {
            write.write(ByteBuffer.wrap(data));
            write.persistedCrc32c();
            write.commit();
        }
        try (InputStream in = store.open(key, 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        return null;
    }
}
