package io.meridian.movers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.config.S3Endpoint;
import io.meridian.devstack.s3.EmbeddedS3;
import io.meridian.storage.Crc32cs;
import io.meridian.storage.ObjectStat;
import io.meridian.storage.SiloStore;
import io.meridian.storage.posix.PosixSiloStore;
import io.meridian.storage.s3.S3SiloStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(120)
@Tag("integration")
class CopyEngineTest {
    private static final int PART = S3SiloStore.MIN_PART_SIZE;
    private static final long MTIME = 1_700_000_000_123L;
    private static EmbeddedS3 s3;
    private static S3Endpoint endpoint;

    @TempDir
    static Path dirs;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.builder().port(0).build().start();
        s3.createBucket("bucket-a");
        s3.createBucket("bucket-b");
        endpoint = new S3Endpoint(s3.endpoint(), s3.accessKey(), s3.secretKey());
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    private static SiloStore store(String kind, String id) throws IOException {
        return kind.equals("posix") ? new PosixSiloStore(id, dirs.resolve(id))
                : new S3SiloStore(id, endpoint, id.endsWith("src") ? "bucket-a" : "bucket-b", id, PART, 3);
    }

    static Stream<Arguments> pairsAndFiles() {
        List<Arguments> cases = new ArrayList<>();
        String[][] pairs = {{"posix", "posix"}, {"posix", "s3"}, {"s3", "posix"}, {"s3", "s3"}};
        int[] sizes = {0, 300 * 1024, 12 * 1024 * 1024 + 3};
        for (String[] pair : pairs) {
            for (int size : sizes) {
                cases.add(Arguments.of(pair[0], pair[1], size));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}, {2} bytes")
    @MethodSource("pairsAndFiles")
    void shouldCopyVerifiedContentWithMtimeBetweenEverySiloPair(String from, String to, int size) throws Exception {
        String run = from + "-" + to + "-" + size;
        try (SiloStore source = store(from, run + "-src"); SiloStore target = store(to, run + "-dst")) {
            byte[] data = Fixtures.random(size, size);
            String key = "dir with space/ünïcødé файл " + size + ".bin";
            ObjectStat stat = Fixtures.put(source, key, data, MTIME);

            CopyEngine.Copied copied = engine(Map.of()).copy(source, key, target, key, Fixtures.expect(stat));

            assertThat(copied.alreadyPresent()).isFalse();
            assertThat(copied.bytes()).isEqualTo(size);
            assertThat(copied.crc32c()).isEqualTo(Crc32cs.of(data));
            assertThat(Fixtures.read(target, key)).isEqualTo(data);
            assertThat(target.stat(key).orElseThrow().mtimeMillis()).isEqualTo(MTIME);
            assertThat(Fixtures.temps(dirs)).isEmpty();
            assertThat(target.cleanLeftovers(java.time.Duration.ZERO)).isZero(); // no upload or marker left over
        }
    }

    @Test
    void shouldNotCopyAgainWhenTargetAlreadyHoldsIdenticalContent() throws Exception {
        try (SiloStore source = store("posix", "again-src"); SiloStore target = store("posix", "again-dst")) {
            byte[] data = Fixtures.random(200_000, 7);
            ObjectStat stat = Fixtures.put(source, "f.bin", data, MTIME);
            CopyEngine engine = engine(Map.of());
            engine.copy(source, "f.bin", target, "f.bin", Fixtures.expect(stat));
            String inode = target.stat("f.bin").orElseThrow().fileKey();

            CopyEngine.Copied again = engine.copy(source, "f.bin", target, "f.bin", Fixtures.expect(stat));

            assertThat(again.alreadyPresent()).isTrue();
            assertThat(again.bytes()).isZero();
            assertThat(target.stat("f.bin").orElseThrow().fileKey()).isEqualTo(inode);
        }
    }

    @Test
    void shouldReplaceTargetWithSameSizeButDifferentContent() throws Exception {
        try (SiloStore source = store("posix", "differ-src"); SiloStore target = store("posix", "differ-dst")) {
            byte[] data = Fixtures.random(50_000, 8);
            ObjectStat stat = Fixtures.put(source, "f.bin", data, MTIME);
            Fixtures.put(target, "f.bin", Fixtures.random(50_000, 9), MTIME);

            CopyEngine.Copied copied = engine(Map.of()).copy(source, "f.bin", target, "f.bin", Fixtures.expect(stat));

            assertThat(copied.alreadyPresent()).isFalse();
            assertThat(Fixtures.read(target, "f.bin")).isEqualTo(data);
        }
    }

    @Test
    void shouldDiscardCopyWhenSourceChangesDuringIt() throws Exception {
        PosixSiloStore real = (PosixSiloStore) store("posix", "changing-src");
        byte[] data = Fixtures.random(3 * 1024 * 1024, 10);
        ObjectStat stat = Fixtures.put(real, "f.bin", data, MTIME);
        SiloStore source = new ForwardingSiloStore(real) {
            @Override
            public InputStream open(String key, long offset, long length) throws IOException {
                return new FilterInputStream(real.open(key, offset, length)) {
                    private boolean appended;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (!appended) {
                            appended = true; // a writer appends while the mover reads
                            Files.write(real.resolve(key), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
                        }
                        return super.read(b, off, len);
                    }
                };
            }
        };
        try (SiloStore target = store("posix", "changing-dst")) {
            assertThatThrownBy(() -> engine(Map.of()).copy(source, "f.bin", target, "f.bin", Fixtures.expect(stat)))
                    .isInstanceOfSatisfying(MoveFailure.class, f -> assertThat(f.errorClass()).isEqualTo("SOURCE_CHANGED"));
            assertThat(target.stat("f.bin")).isEmpty();
            assertThat(Fixtures.temps(dirs.resolve("changing-dst"))).isEmpty();
        }
    }

    @Test
    void shouldFailWithSourceChangedWhenSourceIsNotThePlannedVersion() throws Exception {
        try (SiloStore source = store("posix", "planned-src"); SiloStore target = store("posix", "planned-dst")) {
            ObjectStat stat = Fixtures.put(source, "f.bin", Fixtures.random(1000, 11), MTIME);
            Fixtures.put(source, "f.bin", Fixtures.random(1001, 12), MTIME + 1000);
            assertThatThrownBy(() -> engine(Map.of()).copy(source, "f.bin", target, "f.bin", Fixtures.expect(stat)))
                    .isInstanceOfSatisfying(MoveFailure.class, f -> assertThat(f.errorClass()).isEqualTo("SOURCE_CHANGED"));
            assertThat(target.stat("f.bin")).isEmpty();
        }
    }

    @ParameterizedTest(name = "corrupting {0} target")
    @MethodSource("targetKinds")
    void shouldNotCommitWhenTheTargetStoreCorruptsAByte(String kind) throws Exception {
        try (SiloStore source = store("posix", "corrupt-" + kind + "-src");
             SiloStore real = store(kind, "corrupt-" + kind + "-dst")) {
            byte[] data = Fixtures.random(kind.equals("s3") ? 2 * PART + 100 : 400_000, 13);
            ObjectStat stat = Fixtures.put(source, "f.bin", data, MTIME);
            SiloStore target = new CorruptingSiloStore(real);

            assertThatThrownBy(() -> engine(Map.of()).copy(source, "f.bin", target, "f.bin", Fixtures.expect(stat)))
                    .isInstanceOfSatisfying(MoveFailure.class, f -> assertThat(f.errorClass()).isEqualTo("CHECKSUM_MISMATCH"));
            assertThat(real.stat("f.bin")).isEmpty();
            assertThat(Fixtures.temps(dirs)).isEmpty();
            assertThat(real.cleanLeftovers(java.time.Duration.ZERO)).isZero();
        }
    }

    static Stream<String> targetKinds() {
        return Stream.of("posix", "s3");
    }

    @Test
    void shouldFailClearlyWhenTargetCapacityIsExceeded() throws Exception {
        try (SiloStore source = store("posix", "full-src"); SiloStore target = store("posix", "full-dst")) {
            ObjectStat stat = Fixtures.put(source, "f.bin", Fixtures.random(300_000, 14), MTIME);
            CopyEngine engine = engine(Map.of("full-dst", 64L * 1024));

            assertThatThrownBy(() -> engine.copy(source, "f.bin", target, "f.bin", Fixtures.expect(stat)))
                    .isInstanceOfSatisfying(MoveFailure.class, f -> {
                        assertThat(f.errorClass()).isEqualTo("TARGET_FULL");
                        assertThat(f.getMessage()).contains("full-dst", "capacity 64KiB");
                    });
            assertThat(target.stat("f.bin")).isEmpty();
        }
    }

    private static CopyEngine engine(Map<String, Long> capacity) {
        return new CopyEngine(1 << 20, new CapacityLedger(capacity), silo -> Throttle.UNLIMITED);
    }
}
