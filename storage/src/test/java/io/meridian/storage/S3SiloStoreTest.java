package io.meridian.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.S3Endpoint;
import io.meridian.devstack.s3.EmbeddedS3;
import io.meridian.storage.s3.S3SiloStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
@Tag("integration")
class S3SiloStoreTest {
    private static final int PART = S3SiloStore.MIN_PART_SIZE;
    private static EmbeddedS3 s3;
    private static S3SiloStore store;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.builder().port(0).build().start();
        s3.createBucket("bucket");
        store = new S3SiloStore("archive", new S3Endpoint(s3.endpoint(), s3.accessKey(), s3.secretKey()), "bucket",
                "pre/fix", PART, 3);
    }

    @AfterAll
    static void stop() {
        store.close();
        s3.close();
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void shouldCompleteMultipartUploadOnlyOnCommitWithMetadataPreserved() throws IOException {
        byte[] data = random(12 * 1024 * 1024 + 17, 1);
        ObjectStat committed;
        try (PendingWrite write = store.create("big/data set.bin", new WriteOptions(1_500_000_000_123L, 0600, data.length, null))) {
            for (int off = 0; off < data.length; off += 1 << 20) {
                write.write(ByteBuffer.wrap(data, off, Math.min(1 << 20, data.length - off)));
            }
            assertThat(write.persistedCrc32c()).isEqualTo(Crc32cs.of(data));
            assertThat(store.stat("big/data set.bin")).isEmpty();
            committed = write.commit();
        }
        ObjectStat stat = store.stat("big/data set.bin").orElseThrow();
        assertThat(committed.size()).isEqualTo(stat.size());
        assertThat(committed.mtimeMillis()).isEqualTo(stat.mtimeMillis());
        assertThat(committed.mode()).isEqualTo(stat.mode());
        assertThat(stat.size()).isEqualTo(data.length);
        assertThat(stat.mtimeMillis()).isEqualTo(1_500_000_000_123L);
        assertThat(stat.mode()).isEqualTo(0600);
        try (InputStream in = store.open("big/data set.bin", 5, 10)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 5, 15));
        }
        assertThat(Crc32cs.of(store, "big/data set.bin")).isEqualTo(Crc32cs.of(data));
    }

    @Test
    void shouldLeaveNoObjectAndNoUploadWhenAborted() throws IOException {
        byte[] data = random(2 * PART + 5, 2);
        try (PendingWrite write = store.create("aborted.bin", WriteOptions.defaults())) {
            write.write(ByteBuffer.wrap(data));
            write.persistedCrc32c();
        }
        assertThat(store.stat("aborted.bin")).isEmpty();
        List<String> visible = new ArrayList<>();
        store.list("", st -> visible.add(st.key()));
        assertThat(visible).doesNotContain("aborted.bin");
        // A part request the client retried (its first try timed out on a loaded machine) can still be
        // stored by the endpoint after the abort: the sweep removes such an orphan, and then nothing is left.
        store.cleanLeftovers(Duration.ZERO);
        assertThat(store.cleanLeftovers(Duration.ZERO)).isZero();
    }

    @Test
    void shouldAbortUploadsLeftByADeadWriter() throws IOException {
        PendingWrite abandoned = store.create("dead/writer.bin", WriteOptions.defaults());
        abandoned.write(ByteBuffer.wrap(random(PART + 1, 3))); // starts the multipart upload; never finished
        List<String> visible = new ArrayList<>();
        store.list("dead/", s -> visible.add(s.key()));
        assertThat(visible).isEmpty();
        assertThat(store.stat("dead/writer.bin")).isEmpty();
        assertThat(store.cleanLeftovers(Duration.ofHours(1))).isZero();
        assertThat(store.cleanLeftovers(Duration.ZERO)).isEqualTo(1);
        assertThat(store.stat("dead/writer.bin")).isEmpty();
    }

    @Test
    void shouldRecordTheVerifiedCrcOfSmallAndMultipartWritesAndReportTheEtagAsStatAndListingsDo() throws IOException {
        for (int size : new int[] {1000, 2 * PART + 3}) {
            assertWriteRecordsCrcAndEtag(size, null);
            assertWriteRecordsCrcAndEtag(size, Crc32cs.of(random(size, 7)));
        }
    }

    private static void assertWriteRecordsCrcAndEtag(int size, Long known) throws IOException {
        byte[] data = random(size, 7);
        String key = "verified/" + size + (known == null ? "-unknown" : "-known") + ".bin";
        ObjectStat committed;
        try (PendingWrite write = store.create(key, new WriteOptions(1_600_000_000_456L, 0640, data.length, known))) {
            write.write(ByteBuffer.wrap(data));
            write.persistedCrc32c();
            committed = write.commit();
        }
        ObjectStat stat = store.stat(key).orElseThrow();
        assertThat(stat.crc32c()).as(key).isEqualTo(Crc32cs.of(data));
        assertThat(stat.mtimeMillis()).isEqualTo(1_600_000_000_456L);
        assertThat(stat.mode()).isEqualTo(0640);
        List<ObjectStat> listed = new ArrayList<>();
        store.list(key, listed::add);
        assertThat(listed).singleElement().satisfies(l -> assertThat(l.etag()).isEqualTo(committed.etag()));
        assertThat(stat.etag()).isEqualTo(committed.etag()).doesNotContain("\"");
    }

    @Test
    void shouldStoreEmptyAndSmallObjectsWithTheirCrcAndListThem() throws IOException {
        for (String key : List.of("small/empty", "small/ünïcode name.txt")) {
            byte[] data = key.endsWith("empty") ? new byte[0] : random(1000, 4);
            try (PendingWrite write = store.create(key, new WriteOptions(null, null, data.length, null))) {
                write.write(ByteBuffer.wrap(data));
                write.persistedCrc32c();
                write.commit();
            }
            assertThat(store.stat(key).orElseThrow().crc32c()).isEqualTo(Crc32cs.of(data));
        }
        List<String> keys = new ArrayList<>();
        store.list("small/", s -> keys.add(s.key()));
        assertThat(keys).containsExactlyInAnyOrder("small/empty", "small/ünïcode name.txt");
        assertThat(store.delete("small/empty")).isTrue();
        assertThat(store.delete("small/empty")).isFalse();
    }
}
