package io.meridian.movers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.config.S3Endpoint;
import io.meridian.devstack.s3.EmbeddedS3;
import io.meridian.schemas.Precondition;
import io.meridian.storage.Crc32cs;
import io.meridian.storage.ObjectStat;
import io.meridian.storage.SiloStore;
import io.meridian.storage.posix.PosixSiloStore;
import io.meridian.storage.s3.S3SiloStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #14 items 4 and 7 against the embedded S3 endpoint: a copy into S3 (single PUT and multipart)
 * records the source's mtime and the verified CRC32C in user metadata, and a copy back out of S3
 * succeeds from the attributes a listing of that object gives the view (its ETag, with the preserved
 * mtime or, in a view built before the fix, with the upload's Last-Modified); a rewritten object
 * still fails its precondition.
 */
@Timeout(120)
@Tag("integration")
class CopyOutOfS3Test {
    private static final int PART = S3SiloStore.MIN_PART_SIZE;
    private static final long MTIME = 1_796_448_687_000L;
    private static EmbeddedS3 s3;
    private static S3Endpoint endpoint;

    @TempDir
    static Path dirs;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.builder().port(0).build().start();
        s3.createBucket("archive");
        endpoint = new S3Endpoint(s3.endpoint(), s3.accessKey(), s3.secretKey());
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {300 * 1024, 2 * PART + 3})
    void shouldCopyAFileBackOutOfS3AfterAListing(int size) throws Exception {
        try (SiloStore nas = new PosixSiloStore("nas", dirs.resolve("nas-" + size));
             SiloStore archive = new S3SiloStore("archive", endpoint, "archive", "p" + size, PART, 3);
             SiloStore gpu = new PosixSiloStore("gpu", dirs.resolve("gpu-" + size))) {
            byte[] data = Fixtures.random(size, size);
            ObjectStat source = Fixtures.put(nas, "train/a.bin", data, MTIME);
            engine().copy(nas, "train/a.bin", archive, "train/a.bin", Fixtures.expect(source));

            ObjectStat copy = archive.stat("train/a.bin").orElseThrow();
            assertThat(copy.crc32c()).isEqualTo(Crc32cs.of(data));
            assertThat(copy.mtimeMillis()).isEqualTo(MTIME);
            ObjectStat listed = listing(archive, "train/a.bin");
            assertThat(listed.etag()).isEqualTo(copy.etag());

            CopyEngine.Copied merged = engine().copy(archive, "train/a.bin", gpu, "train/a.bin", expect(listed, MTIME, copy.crc32c()));
            CopyEngine.Copied clobbered = engine().copy(archive, "train/a.bin", gpu, "old-view/a.bin",
                    expect(listed, listed.mtimeMillis(), null));

            assertThat(merged.crc32c()).isEqualTo(Crc32cs.of(data));
            assertThat(clobbered.crc32c()).isEqualTo(Crc32cs.of(data));
            assertThat(Fixtures.read(gpu, "train/a.bin")).isEqualTo(data);
            assertThat(gpu.stat("train/a.bin").orElseThrow().mtimeMillis()).isEqualTo(MTIME);
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1000})
    void shouldStillRefuseARewrittenObject(int size) throws Exception {
        try (SiloStore archive = new S3SiloStore("archive", endpoint, "archive", "rewritten", PART, 3);
             SiloStore gpu = new PosixSiloStore("gpu", dirs.resolve("gpu-rewritten"))) {
            Fixtures.put(archive, "a.bin", Fixtures.random(size, 1), MTIME);
            ObjectStat planned = listing(archive, "a.bin");
            Fixtures.put(archive, "a.bin", Fixtures.random(size, 2), MTIME); // same size and mtime, new content

            assertThatThrownBy(() -> engine().copy(archive, "a.bin", gpu, "a.bin", expect(planned, MTIME, null)))
                    .isInstanceOfSatisfying(MoveFailure.class, f -> assertThat(f.errorClass()).isEqualTo(MoveFailure.SOURCE_CHANGED));
            assertThat(gpu.stat("a.bin")).isEmpty();
        }
    }

    private static ObjectStat listing(SiloStore store, String key) throws Exception {
        List<ObjectStat> listed = new ArrayList<>();
        store.list(key, listed::add);
        assertThat(listed).hasSize(1);
        return listed.get(0);
    }

    private static Precondition expect(ObjectStat listed, long mtime, Long crc) {
        return Precondition.newBuilder().setSize(listed.size()).setMtime(Instant.ofEpochMilli(mtime))
                .setEtag(listed.etag()).setCrc32c(crc).setRecordVersion(3).build();
    }

    private static CopyEngine engine() {
        return new CopyEngine(1 << 20, new CapacityLedger(Map.of()), silo -> Throttle.UNLIMITED);
    }
}
