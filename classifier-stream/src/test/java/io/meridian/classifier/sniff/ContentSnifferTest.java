package io.meridian.classifier.sniff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.config.ConfigLoader;
import io.meridian.config.SiloConfig;
import io.meridian.expr.ContentTag;
import io.meridian.expr.FileFacts;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.FileType;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Tag;
import io.meridian.schemas.TagCommand;
import io.meridian.storage.SiloStore;
import io.meridian.storage.SymlinkRefusedException;
import io.meridian.storage.posix.PosixSiloStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Sniffing real files in a POSIX silo: what is read, how much, and when a file needs it again. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContentSnifferTest {
    private static final Instant MTIME = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;
    SiloStore store;
    final List<Long> lengthsRead = new ArrayList<>();
    final AtomicLong fakeNanos = new AtomicLong();
    ContentSniffer sniffer;

    @BeforeEach
    void open() throws Exception {
        SiloConfig nas = ConfigLoader.parse("test", """
                silos:
                  - { id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 1GiB }
                """, dir).silo("nas").orElseThrow();
        store = recordingReads(new PosixSiloStore("nas", dir.resolve("nas")));
        TokenBucket files = new TokenBucket(10, 10, fakeNanos::get, fakeNanos::addAndGet);
        TokenBucket bytes = new TokenBucket(1_000_000, 1_000_000, fakeNanos::get, fakeNanos::addAndGet);
        sniffer = new ContentSniffer(Map.of("nas", nas), Map.of("nas", store), 64, files, bytes);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldTagAFileByItsContentNotItsMisleadingExtension() throws Exception {
        Instance instance = write("shards/part-0.csv", RealHeaders.concat(RealHeaders.parquet(), new byte[4096]));
        FileRecord record = record("/datasets/shards/part-0.csv", instance, null);

        TagCommand command = sniffer.sniff(record.getPath(), sniffer.due(record).orElseThrow()).orElseThrow();

        assertThat(command.getTags()).containsExactly(Map.entry(ContentTag.KEY, "parquet"));
        assertThat(command.getActor()).isEqualTo(ContentTag.ACTOR);
        assertThat(command.getAt()).isEqualTo(MTIME);
        assertThat(lengthsRead).containsExactly(64L); // the first 64 bytes of 4 KiB, nothing more
    }

    @Test
    void shouldRecordUnknownContentSoThatItIsNotReadAgain() throws Exception {
        Instance instance = write("notes.txt", RealHeaders.ascii("just some text"));
        FileRecord record = record("/datasets/notes.txt", instance, null);

        TagCommand command = sniffer.sniff(record.getPath(), sniffer.due(record).orElseThrow()).orElseThrow();

        assertThat(command.getTags()).containsEntry(ContentTag.KEY, ContentTag.UNKNOWN);
        assertThat(lengthsRead).containsExactly(14L); // a file shorter than the limit is read whole
    }

    @Test
    void shouldSniffAgainOnlyWhenNoInstanceHasTheSniffedMtime() throws Exception {
        Instance instance = write("a.npy", RealHeaders.npy());
        Tag sniffed = Tag.newBuilder().setValue("npy").setSetBy(ContentTag.ACTOR).setSetAt(MTIME).build();

        assertThat(sniffer.due(record("/datasets/a.npy", instance, sniffed))).isEmpty();
        Instance rewritten = Instance.newBuilder(instance).setMtime(MTIME.plusSeconds(60)).build();
        assertThat(sniffer.due(record("/datasets/a.npy", rewritten, sniffed))).contains(rewritten);
        Instance stale = Instance.newBuilder(instance).setState(InstanceState.STALE).build();
        assertThat(sniffer.due(record("/datasets/a.npy", stale, null))).isEmpty();
    }

    @Test
    void shouldReportAFileThatIsGoneAsNothingToRecord() throws Exception {
        Instance gone = Instance.newBuilder().setSilo("nas").setSize(10).setMtime(MTIME).setState(InstanceState.PRESENT)
                .setSequencer("1").setUpdatedAt(MTIME).build();

        assertThat(sniffer.sniff("/datasets/gone.bin", gone)).isEmpty();
    }

    @Test
    void shouldNeverSniffAFileOutsideTheSiloThroughASymlink() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.write(outside.resolve("secret.parquet"), RealHeaders.concat(RealHeaders.parquet(), new byte[128]));
        Files.createDirectories(dir.resolve("nas/train"));
        Files.createSymbolicLink(dir.resolve("nas/outlink"), outside);
        Files.createSymbolicLink(dir.resolve("nas/train/evil-link"), outside.resolve("secret.parquet"));
        Instance instance = Instance.newBuilder().setSilo("nas").setSize(132).setMtime(MTIME).setState(InstanceState.PRESENT)
                .setSequencer("1").setUpdatedAt(MTIME).build();

        for (String path : List.of("/datasets/outlink/secret.parquet", "/datasets/train/evil-link")) {
            assertThatThrownBy(() -> sniffer.sniff(path, instance)).as(path)
                    .isInstanceOf(SymlinkRefusedException.class).hasMessageContaining("Meridian never follows symlinks");
        }
    }

    @Test
    void shouldSniffTheCurrentInstanceTheContentConditionsSee() {
        Instance rewritten = Instance.newBuilder().setSilo("a").setSize(10).setMtime(MTIME.plusSeconds(60))
                .setState(InstanceState.PRESENT).setSequencer("2").setUpdatedAt(MTIME).build();
        Instance relistedLater = Instance.newBuilder(rewritten).setSilo("b").setMtime(MTIME).setUpdatedAt(MTIME.plusSeconds(120)).build();
        FileRecord record = FileRecord.newBuilder(record("/datasets/x.bin", rewritten, null))
                .setInstances(List.of(relistedLater, rewritten)).build();
        ContentSniffer twoSilos = new ContentSniffer(Map.of(), Map.of("a", store, "b", store), 64,
                new TokenBucket(10, 10, fakeNanos::get, fakeNanos::addAndGet), new TokenBucket(1_000, 1_000, fakeNanos::get, fakeNanos::addAndGet));

        assertThat(twoSilos.due(record)).contains(rewritten).contains(FileFacts.current(record));
    }

    @Test
    void shouldHoldTheFileRate() throws Exception {
        Instance instance = write("b.safetensors", RealHeaders.safetensors());
        for (int i = 0; i < 30; i++) {
            sniffer.sniff("/datasets/b.safetensors", instance);
        }
        assertThat(fakeNanos.get() / 1e9).isBetween(1.99, 2.01); // 10 at once, then 20 more at 10 a second
    }

    private Instance write(String key, byte[] content) throws Exception {
        Path file = dir.resolve("nas").resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return Instance.newBuilder().setSilo("nas").setSize(content.length).setMtime(MTIME)
                .setState(InstanceState.PRESENT).setSequencer("1").setUpdatedAt(MTIME).build();
    }

    private static FileRecord record(String path, Instance instance, Tag magic) {
        return FileRecord.newBuilder().setPath(path).setInstances(List.of(instance))
                .setTags(magic == null ? Map.of() : Map.of(ContentTag.KEY, magic)).setAutoTags(Map.of())
                .setDivergent(false).setFileType(FileType.FILE).setVersion(1).setUpdatedAt(MTIME).build();
    }

    /** The store, recording the length of every ranged read. */
    private SiloStore recordingReads(SiloStore real) {
        return (SiloStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SiloStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("open")) {
                        lengthsRead.add((Long) args[2]);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
