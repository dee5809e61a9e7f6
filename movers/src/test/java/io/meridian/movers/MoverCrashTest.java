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
import io.meridian.storage.posix.PosixSiloStore;
import io.meridian.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Movers killed with SIGKILL in a child JVM: the work still finishes, nothing partial is ever
 * visible, and leftovers are cleaned. Each test uses its own silo directories.
 */
@Timeout(180)
@Tag("integration")
class MoverCrashTest {
    private static final long MTIME = 1_680_000_000_000L;
    private static final Set<MoveStatus> SUCCESS = Set.of(MoveStatus.SUCCEEDED, MoveStatus.ALREADY_PRESENT);

    @TempDir
    static Path dir;
    private static MoverTestKit kit;
    private final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kit = new MoverTestKit(dir);
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    private Process child(String name, List<SiloConfig> silos, int workers, String bandwidth) throws Exception {
        Path file = dir.resolve(name + ".properties");
        kit.write(file, silos, dir.resolve(name + "-state"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                MoverProcessMain.class.getName(), file.toString(), Integer.toString(workers), bandwidth)
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        children.add(p);
        return p;
    }

    private static void await(String what, java.util.function.BooleanSupplier condition, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static MoverStage inProcess(List<SiloConfig> silos, String name) {
        MoverStage stage = new MoverStage(kit.context(silos, dir.resolve(name)), MoverSettings.defaults().withWorkers(2)
                .withTimings(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(6)));
        stage.start();
        return stage;
    }

    @Test
    void shouldCompleteCommandAfterMoverIsKilledMidCopyWithoutVisiblePartialOrLeftover() throws Exception {
        List<SiloConfig> silos = List.of(MoverTestKit.posix("k-src", dir.resolve("k-src"), 0),
                MoverTestKit.posix("k-dst", dir.resolve("k-dst"), 0));
        SiloStore source = new PosixSiloStore("k-src", dir.resolve("k-src"));
        byte[] data = Fixtures.random(24 * 1024 * 1024, 42);
        ObjectStat stat = Fixtures.put(source, "big/killed copy.bin", data, MTIME);
        MoveCommand c = MoverTestKit.command(MoveOp.COPY, "/data/big/killed copy.bin", "k-src", "k-dst", stat.size(),
                Instant.ofEpochMilli(MTIME), null);
        Process mover = child("killed", silos, 1, "k-dst=4MiB");
        kit.send(c);
        Path target = dir.resolve("k-dst/big/killed copy.bin");
        // a MiB into the ~6 s copy (4 MiB/s): well inside it
        await("the first MiB of the copy", () -> tempBytes(dir.resolve("k-dst")) >= 1 << 20, Duration.ofSeconds(60));
        mover.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL

        assertThat(Files.exists(target)).isFalse();
        assertThat(Fixtures.temps(dir.resolve("k-dst"))).isNotEmpty();
        try (MoverStage restarted = inProcess(silos, "restarted")) {
            MoveResult result = kit.results(r -> r.stream().anyMatch(x -> x.getCommandId().equals(c.getCommandId())))
                    .stream().filter(x -> x.getCommandId().equals(c.getCommandId())).findFirst().orElseThrow();
            assertThat(result.getStatus()).isEqualTo(MoveStatus.SUCCEEDED);
            assertThat(result.getCrc32c()).isEqualTo(Crc32cs.of(data));
            assertThat(Files.readAllBytes(target)).isEqualTo(data);
            await("the sweep of the killed mover's temporary file",
                    () -> uncheckedTemps(dir.resolve("k-dst")) == 0, Duration.ofSeconds(20));
        }
    }

    @Test
    void shouldAbandonCleanlyWithinTheShutdownBoundAndFinishAfterRestart() throws Exception {
        List<SiloConfig> silos = List.of(MoverTestKit.posix("c-src", dir.resolve("c-src"), 0),
                MoverTestKit.posix("c-dst", dir.resolve("c-dst"), 0));
        SiloStore source = new PosixSiloStore("c-src", dir.resolve("c-src"));
        byte[] data = Fixtures.random(16 * 1024 * 1024, 43);
        ObjectStat stat = Fixtures.put(source, "closed.bin", data, MTIME);
        MoveCommand c = MoverTestKit.command(MoveOp.COPY, "/data/closed.bin", "c-src", "c-dst", stat.size(),
                Instant.ofEpochMilli(MTIME), null);
        MoverStage slow = new MoverStage(kit.context(silos, dir.resolve("slow")), MoverSettings.defaults().withWorkers(1)
                .withBandwidth(Map.of("c-dst", 2L << 20))
                .withTimings(Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(6)));
        slow.start();
        kit.send(c);
        await("a temporary file of the copy", () -> uncheckedTemps(dir.resolve("c-dst")) > 0, Duration.ofSeconds(60));
        long start = System.nanoTime();
        slow.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(Files.exists(dir.resolve("c-dst/closed.bin"))).isFalse();
        assertThat(Fixtures.temps(dir.resolve("c-dst"))).isEmpty();
        try (MoverStage restarted = inProcess(silos, "after-close")) {
            List<MoveResult> results = kit.results(r -> r.stream().anyMatch(x -> x.getCommandId().equals(c.getCommandId())))
                    .stream().filter(x -> x.getCommandId().equals(c.getCommandId())).toList();
            assertThat(results).extracting(MoveResult::getStatus).containsExactly(MoveStatus.SUCCEEDED);
            assertThat(Files.readAllBytes(dir.resolve("c-dst/closed.bin"))).isEqualTo(data);
        }
    }

    @Test
    void shouldFinishEveryCommandWhenOneOfTwoMoversInTheGroupIsKilledHalfway() throws Exception {
        List<SiloConfig> silos = List.of(MoverTestKit.posix("g-src", dir.resolve("g-src"), 0),
                MoverTestKit.posix("g-dst", dir.resolve("g-dst"), 0));
        SiloStore source = new PosixSiloStore("g-src", dir.resolve("g-src"));
        Map<String, byte[]> contents = new HashMap<>();
        List<MoveCommand> commands = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] data = Fixtures.random(300 * 1024 + i, i);
            String key = "stream/file " + i + ".bin";
            ObjectStat stat = Fixtures.put(source, key, data, MTIME + i);
            contents.put(key, data);
            commands.add(MoverTestKit.command(MoveOp.COPY, "/data/" + key, "g-src", "g-dst", stat.size(),
                    Instant.ofEpochMilli(MTIME + i), null));
        }
        Process victim = child("victim", silos, 2, "g-dst=1MiB");
        Path victimLog = dir.resolve("victim.log");
        await("the victim mover to start", () -> uncheckedRead(victimLog).contains("started"), Duration.ofSeconds(60));
        String here = "mover-" + java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
        try (MoverStage survivor = new MoverStage(kit.context(silos, dir.resolve("survivor")), MoverSettings.defaults()
                .withWorkers(1).withBandwidth(Map.of("g-dst", 1L << 20))
                .withTimings(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(6)))) {
            survivor.start();
            for (MoveCommand c : commands) {
                kit.send(c);
            }
            Set<String> ids = commands.stream().map(MoveCommand::getCommandId).collect(Collectors.toSet());
            // halfway, and only once the victim has done part of the work itself
            kit.results(r -> r.stream().filter(x -> ids.contains(x.getCommandId())).count() >= 20
                    && r.stream().filter(x -> !x.getWorker().startsWith(here)).count() >= 4);
            victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL halfway

            List<MoveResult> results = kit.results(r -> r.stream().filter(x -> ids.contains(x.getCommandId())
                    && SUCCESS.contains(x.getStatus())).map(MoveResult::getCommandId).distinct().count() == ids.size());
            Map<String, List<MoveStatus>> byCommand = results.stream().filter(x -> ids.contains(x.getCommandId()))
                    .collect(Collectors.groupingBy(MoveResult::getCommandId,
                            Collectors.mapping(MoveResult::getStatus, Collectors.toList())));
            assertThat(byCommand).hasSize(40);
            assertThat(results.stream().filter(x -> ids.contains(x.getCommandId()) && !SUCCESS.contains(x.getStatus()))
                    .map(x -> x.getStatus() + " " + x.getErrorClass() + ": " + x.getErrorMessage() + " (" + x.getWorker() + ")"))
                    .as("results that are not a success").isEmpty();
            byCommand.values().forEach(statuses -> assertThat(statuses).isSubsetOf(SUCCESS));
            for (Map.Entry<String, byte[]> e : contents.entrySet()) {
                assertThat(Crc32cs.of(Files.readAllBytes(dir.resolve("g-dst").resolve(e.getKey()))))
                        .as(e.getKey()).isEqualTo(Crc32cs.of(e.getValue()));
            }
            await("no leftovers in the target", () -> uncheckedTemps(dir.resolve("g-dst")) == 0, Duration.ofSeconds(20));
        }
    }

    @Test
    void shouldLetAnExclusiveMoveFinishWhenTheMoverIsKilledBetweenCommitAndReport() throws Exception {
        List<SiloConfig> silos = List.of(MoverTestKit.posix("x-src", dir.resolve("x-src"), 0),
                MoverTestKit.posix("x-dst", dir.resolve("x-dst"), 0));
        SiloStore source = new PosixSiloStore("x-src", dir.resolve("x-src"));
        byte[] data = Fixtures.random(8 * 1024 * 1024, 44);
        long crc = Crc32cs.of(data);
        ObjectStat stat = Fixtures.put(source, "exclusive/half.bin", data, MTIME);
        // placement copies first when the source's CRC32C is unknown, and deletes the source once both verify
        MoveCommand copy = MoverTestKit.command(MoveOp.COPY, "/data/exclusive/half.bin", "x-src", "x-dst", stat.size(),
                Instant.ofEpochMilli(MTIME), null);
        Process mover = child("between", silos, 1, "x-dst=4MiB");
        kit.send(copy);
        Path target = dir.resolve("x-dst/exclusive/half.bin");
        await("the committed copy", () -> Files.exists(target), Duration.ofSeconds(60));
        mover.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL right after the commit

        try (MoverStage restarted = inProcess(silos, "after-commit")) {
            kit.send(copy); // re-issued by placement, as after its await timeout
            MoveResult found = kit.results(r -> r.stream().anyMatch(x -> x.getCommandId().equals(copy.getCommandId())
                    && x.getStatus() == MoveStatus.ALREADY_PRESENT)).stream()
                    .filter(x -> x.getCommandId().equals(copy.getCommandId()) && x.getStatus() == MoveStatus.ALREADY_PRESENT)
                    .findFirst().orElseThrow();
            assertThat(found.getCrc32c()).isEqualTo(crc);
            assertThat(found.getSourceExpected().getCrc32c()).as("the source's CRC32C, read by the mover").isEqualTo(crc);
            List<FileEvent> events = kit.readUntil(Topics.FILE_EVENTS, FileEvent.class, e -> e.stream()
                    .anyMatch(ev -> isSourceChecksum(ev, copy.getPath())), Duration.ofSeconds(30));
            assertThat(events).filteredOn(ev -> isSourceChecksum(ev, copy.getPath())).isNotEmpty()
                    .allMatch(ev -> ev.getCrc32c() == crc);

            MoveCommand delete = MoverTestKit.command(MoveOp.DELETE_INSTANCE, copy.getPath(), "x-src", "x-dst",
                    stat.size(), Instant.ofEpochMilli(MTIME), found.getSourceExpected().getCrc32c());
            kit.send(delete);
            MoveResult deleted = kit.results(r -> r.stream().anyMatch(x -> x.getCommandId().equals(delete.getCommandId())))
                    .stream().filter(x -> x.getCommandId().equals(delete.getCommandId())).findFirst().orElseThrow();
            assertThat(deleted.getStatus()).isEqualTo(MoveStatus.SUCCEEDED);
            assertThat(source.stat("exclusive/half.bin")).as("the exclusive move reached its target placement").isEmpty();
            assertThat(Files.readAllBytes(target)).isEqualTo(data);
        }
    }

    private static boolean isSourceChecksum(FileEvent event, String path) {
        return event.getPath().equals(path) && event.getSilo().equals("x-src") && event.getType() == FileEventType.UPSERT
                && event.getSource() == EventSource.MOVER;
    }

    private static String uncheckedRead(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Bytes in the movers' temporary files below {@code root}; 0 while there are none. */
    private static long tempBytes(Path root) {
        long bytes = 0;
        try {
            for (Path temp : Fixtures.temps(root)) {
                bytes += Files.isRegularFile(temp) ? Files.size(temp) : 0;
            }
        } catch (java.io.IOException e) {
            return 0; // a temporary file went while we looked: look again
        }
        return bytes;
    }

    private static int uncheckedTemps(Path root) {
        try {
            return Fixtures.temps(root).size();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

}
