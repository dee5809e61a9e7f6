package io.meridian.movers;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.SiloConfig;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveResult;
import io.meridian.schemas.MoveStatus;
import io.meridian.storage.Crc32cs;
import io.meridian.storage.ObjectStat;
import io.meridian.storage.SiloStore;
import io.meridian.storage.SiloStores;
import io.meridian.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The mover stage against a real broker, registry and S3 endpoint: commands in, verified files and results out. */
@Timeout(120)
@Tag("integration")
class MoverStageTest {
    private static final long MTIME = 1_690_000_000_000L;

    @TempDir
    static Path dir;
    private static MoverTestKit kit;
    private static MoverStage stage;
    private static SiloStore nas;
    private static SiloStore archive;
    private static SiloStore nvme;

    @BeforeAll
    static void start() throws Exception {
        kit = new MoverTestKit(dir);
        kit.s3.createBucket("archive");
        List<SiloConfig> silos = List.of(MoverTestKit.posix("nas", dir.resolve("nas"), 0),
                MoverTestKit.s3("archive", "archive"), MoverTestKit.posix("nvme", dir.resolve("nvme"), 0));
        var context = kit.context(silos, dir.resolve("state"));
        nas = SiloStores.open(silos.get(0), context);
        archive = SiloStores.open(silos.get(1), context);
        nvme = SiloStores.open(silos.get(2), context);
        stage = new MoverStage(context, MoverSettings.defaults().withWorkers(2)
                .withTimings(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(6)));
        stage.start();
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
        if (kit != null) {
            kit.close();
        }
    }

    private static Predicate<List<MoveResult>> has(MoveCommand c, int count) {
        return results -> results.stream().filter(r -> r.getCommandId().equals(c.getCommandId())).count() >= count;
    }

    private static List<MoveResult> resultsOf(MoveCommand c, int count) {
        return kit.results(has(c, count)).stream().filter(r -> r.getCommandId().equals(c.getCommandId())).toList();
    }

    @Test
    void shouldCopyToS3AndReportResultAndNewInstanceThenNotCopyARedeliveredCommand() throws Exception {
        byte[] data = Fixtures.random(700_000, 1);
        ObjectStat stat = Fixtures.put(nas, "runs/a b/ü.bin", data, MTIME);
        MoveCommand c = MoverTestKit.command(MoveOp.COPY, "/data/runs/a b/ü.bin", "nas", "archive", stat.size(),
                Instant.ofEpochMilli(MTIME), null);
        kit.send(c);
        kit.send(c); // redelivered

        List<MoveResult> results = resultsOf(c, 2);
        assertThat(results.get(0).getStatus()).isEqualTo(MoveStatus.SUCCEEDED);
        assertThat(results.get(0).getBytes()).isEqualTo(700_000);
        assertThat(results.get(0).getCrc32c()).isEqualTo(Crc32cs.of(data));
        assertThat(results.get(0).getSourceExpected()).as("the source state the checksum belongs to")
                .isEqualTo(c.getExpected());
        assertThat(results.get(1).getStatus()).isEqualTo(MoveStatus.ALREADY_PRESENT);
        assertThat(results.get(1).getBytes()).isZero();
        assertThat(Fixtures.read(archive, "runs/a b/ü.bin")).isEqualTo(data);
        List<FileEvent> events = kit.readUntil(Topics.FILE_EVENTS, FileEvent.class,
                e -> e.stream().anyMatch(ev -> ev.getPath().equals(c.getPath()) && ev.getSilo().equals("archive")),
                Duration.ofSeconds(30));
        FileEvent added = events.stream().filter(ev -> ev.getPath().equals(c.getPath()) && ev.getSilo().equals("archive"))
                .findFirst().orElseThrow();
        assertThat(added.getSource()).isEqualTo(EventSource.MOVER);
        assertThat(added.getCrc32c()).isEqualTo(Crc32cs.of(data));
        assertThat(added.getMtime().toEpochMilli()).isEqualTo(MTIME);
    }

    @Test
    void shouldMoveFileAndDeleteSourceOnlyAfterVerifiedCopy() throws Exception {
        byte[] data = Fixtures.random(100_000, 2);
        Fixtures.put(nas, "move/m.bin", data, MTIME);
        MoveCommand c = MoverTestKit.command(MoveOp.MOVE, "/data/move/m.bin", "nas", "nvme", data.length,
                Instant.ofEpochMilli(MTIME), Crc32cs.of(data));
        kit.send(c);

        assertThat(resultsOf(c, 1).get(0).getStatus()).isEqualTo(MoveStatus.SUCCEEDED);
        assertThat(Fixtures.read(nvme, "move/m.bin")).isEqualTo(data);
        assertThat(nas.stat("move/m.bin")).isEmpty();
        List<FileEvent> events = kit.readUntil(Topics.FILE_EVENTS, FileEvent.class,
                e -> e.stream().anyMatch(ev -> ev.getPath().equals(c.getPath()) && ev.getType() == FileEventType.DELETE),
                Duration.ofSeconds(30));
        assertThat(events).anyMatch(ev -> ev.getPath().equals(c.getPath()) && ev.getSilo().equals("nas")
                && ev.getType() == FileEventType.DELETE);
    }

    private static List<FileEvent> upsertsOf(String path, String silo, Predicate<FileEvent> match) {
        Predicate<FileEvent> wanted = ev -> ev.getPath().equals(path) && ev.getSilo().equals(silo)
                && ev.getType() == FileEventType.UPSERT && match.test(ev);
        return kit.readUntil(Topics.FILE_EVENTS, FileEvent.class, e -> e.stream().anyMatch(wanted), Duration.ofSeconds(30))
                .stream().filter(wanted).toList();
    }

    @Test
    void shouldReportBothChecksumsWhenACommittedCopyIsFoundAfterARestartAndThenCompleteTheMove() throws Exception {
        byte[] data = Fixtures.random(300_000, 11);
        long crc = Crc32cs.of(data);
        Fixtures.put(nas, "killed/committed.bin", data, MTIME);
        Fixtures.put(nvme, "killed/committed.bin", data, MTIME); // committed by a mover killed before it reported
        MoveCommand copy = MoverTestKit.command(MoveOp.COPY, "/data/killed/committed.bin", "nas", "nvme", data.length,
                Instant.ofEpochMilli(MTIME), null); // the view never learnt the source's CRC32C
        kit.send(copy);

        MoveResult found = resultsOf(copy, 1).get(0);
        assertThat(found.getStatus()).isEqualTo(MoveStatus.ALREADY_PRESENT);
        assertThat(found.getCrc32c()).as("target CRC32C").isEqualTo(crc);
        assertThat(found.getSourceExpected().getCrc32c()).as("source CRC32C").isEqualTo(crc);
        assertThat(upsertsOf(copy.getPath(), "nvme", ev -> true)).isNotEmpty().allMatch(ev -> ev.getCrc32c() == crc);
        assertThat(upsertsOf(copy.getPath(), "nas", ev -> ev.getSource() == EventSource.MOVER))
                .as("the source instance's CRC32C, for placement to count the copy")
                .isNotEmpty().allMatch(ev -> ev.getCrc32c() == crc && ev.getSize() == data.length && ev.getMtime().toEpochMilli() == MTIME);

        MoveCommand move = MoverTestKit.command(MoveOp.MOVE, "/data/killed/committed.bin", "nas", "nvme", data.length,
                Instant.ofEpochMilli(MTIME), null);
        kit.send(move);
        MoveResult moved = resultsOf(move, 1).get(0);
        assertThat(moved.getStatus()).isEqualTo(MoveStatus.ALREADY_PRESENT);
        assertThat(moved.getSourceExpected().getCrc32c()).isEqualTo(crc);
        assertThat(nas.stat("killed/committed.bin")).as("source deleted after the target verified").isEmpty();
        assertThat(Fixtures.read(nvme, "killed/committed.bin")).isEqualTo(data);
    }

    @Test
    void shouldOverwriteAStaleTargetOfTheSameSizeInsteadOfReportingItPresent() throws Exception {
        byte[] data = Fixtures.random(200_000, 12);
        Fixtures.put(nas, "stale/same-size.bin", data, MTIME);
        Fixtures.put(nvme, "stale/same-size.bin", Fixtures.random(200_000, 13), MTIME);
        MoveCommand move = MoverTestKit.command(MoveOp.MOVE, "/data/stale/same-size.bin", "nas", "nvme", data.length,
                Instant.ofEpochMilli(MTIME), null);
        kit.send(move);

        MoveResult result = resultsOf(move, 1).get(0);
        assertThat(result.getStatus()).isEqualTo(MoveStatus.SUCCEEDED);
        assertThat(result.getBytes()).isEqualTo(data.length);
        assertThat(result.getCrc32c()).isEqualTo(Crc32cs.of(data));
        assertThat(Fixtures.read(nvme, "stale/same-size.bin")).isEqualTo(data);
        assertThat(nas.stat("stale/same-size.bin")).isEmpty();
    }

    @Test
    void shouldRefuseToDeleteTheLastInstanceAndDeleteWhenAnotherVerifiedInstanceExists() throws Exception {
        byte[] data = Fixtures.random(50_000, 3);
        Fixtures.put(nas, "del/only.bin", data, MTIME);
        MoveCommand lonely = MoverTestKit.command(MoveOp.DELETE_INSTANCE, "/data/del/only.bin", "nas", null,
                data.length, Instant.ofEpochMilli(MTIME), Crc32cs.of(data));
        kit.send(lonely);
        MoveResult refused = resultsOf(lonely, 1).get(0);
        assertThat(refused.getStatus()).isEqualTo(MoveStatus.FAILED);
        assertThat(refused.getErrorClass()).isEqualTo("LAST_INSTANCE");
        assertThat(nas.stat("del/only.bin")).isPresent();

        Fixtures.put(nvme, "del/only.bin", Fixtures.random(50_000, 4), MTIME); // same size, other content
        MoveCommand stillLonely = MoverTestKit.command(MoveOp.DELETE_INSTANCE, "/data/del/only.bin", "nas", "nvme",
                data.length, Instant.ofEpochMilli(MTIME), Crc32cs.of(data));
        kit.send(stillLonely);
        assertThat(resultsOf(stillLonely, 1).get(0).getErrorClass()).isEqualTo("LAST_INSTANCE");

        Fixtures.put(archive, "del/only.bin", data, MTIME);
        MoveCommand allowed = MoverTestKit.command(MoveOp.DELETE_INSTANCE, "/data/del/only.bin", "nas", null,
                data.length, Instant.ofEpochMilli(MTIME), Crc32cs.of(data));
        kit.send(allowed);
        assertThat(resultsOf(allowed, 1).get(0).getStatus()).isEqualTo(MoveStatus.SUCCEEDED);
        assertThat(nas.stat("del/only.bin")).isEmpty();
    }

    @Test
    void shouldReportSourceMissingAndBadPathsAndDeadLetterGarbageWithoutStopping() throws Exception {
        MoveCommand missing = MoverTestKit.command(MoveOp.COPY, "/data/nothing/here.bin", "nas", "nvme", 10,
                Instant.ofEpochMilli(MTIME), null);
        MoveCommand escape = MoverTestKit.command(MoveOp.COPY, "/data/../etc/passwd", "nas", "nvme", 10,
                Instant.ofEpochMilli(MTIME), null);
        MoveCommand unknown = MoverTestKit.command(MoveOp.COPY, "/data/x.bin", "nas", "mars", 10,
                Instant.ofEpochMilli(MTIME), null);
        kit.sendRaw("/data/garbage", new byte[] {0, 0, 0, 0, 99, 1, 2, 3});
        kit.send(missing);
        kit.send(escape);
        kit.send(unknown);

        assertThat(resultsOf(missing, 1).get(0).getErrorClass()).isEqualTo("SOURCE_MISSING");
        assertThat(resultsOf(escape, 1).get(0).getErrorClass()).isEqualTo("BAD_COMMAND");
        assertThat(resultsOf(unknown, 1).get(0).getErrorMessage()).contains("unknown silo 'mars'");
        List<byte[]> dead = kit.readUntil(Topics.DEAD_LETTERS, byte[].class, d -> !d.isEmpty(), Duration.ofSeconds(30));
        assertThat(dead).isNotEmpty();
        assertThat(Files.exists(dir.resolve("etc"))).isFalse();
    }

    @Test
    void shouldRefuseCopyMoveAndDeleteThroughASymlinkedDirectoryAndLeaveTheOutsideUntouched() throws Exception {
        byte[] data = "a file outside every silo".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.write(outside.resolve("victim.txt"), data);
        Files.setLastModifiedTime(outside.resolve("victim.txt"), java.nio.file.attribute.FileTime.fromMillis(MTIME));
        Files.createSymbolicLink(dir.resolve("nas/outlink"), outside);
        Fixtures.put(archive, "outlink/victim.txt", data, MTIME); // a verified copy elsewhere: LAST_INSTANCE cannot stop a delete
        Fixtures.put(archive, "outlink/pwned.txt", data, MTIME);
        Instant mtime = Instant.ofEpochMilli(MTIME);
        List<MoveCommand> commands = List.of(
                MoverTestKit.command(MoveOp.COPY, "/data/outlink/victim.txt", "nas", "nvme", data.length, mtime, Crc32cs.of(data)),
                MoverTestKit.command(MoveOp.MOVE, "/data/outlink/victim.txt", "nas", "nvme", data.length, mtime, Crc32cs.of(data)),
                MoverTestKit.command(MoveOp.DELETE_INSTANCE, "/data/outlink/victim.txt", "nas", "archive", data.length, mtime,
                        Crc32cs.of(data)),
                MoverTestKit.command(MoveOp.COPY, "/data/outlink/pwned.txt", "archive", "nas", data.length, mtime, Crc32cs.of(data)));
        for (MoveCommand c : commands) {
            kit.send(c);
        }

        for (MoveCommand c : commands) {
            MoveResult result = resultsOf(c, 1).get(0);
            assertThat(result.getStatus()).as(c.getOp() + " " + c.getPath()).isEqualTo(MoveStatus.FAILED);
            assertThat(result.getErrorClass()).as(c.getOp() + " " + c.getPath()).isEqualTo("SYMLINK_REFUSED");
            assertThat(result.getErrorMessage()).contains("path component 'outlink'", "Meridian never follows symlinks");
        }
        assertThat(Files.readAllBytes(outside.resolve("victim.txt"))).isEqualTo(data);
        try (var entries = Files.list(outside)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("victim.txt");
        }
        assertThat(nvme.stat("outlink/victim.txt")).isEmpty();
    }
}
