package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.runtime.EmbeddedRuntime;
import io.meridian.cli.runtime.MeridianHome;
import io.meridian.config.DemoConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meridian's {@code deploy/slurm/burst_buffer.lua} in a real single-node Slurm (Debian's slurm-wlm
 * 22.05 with burst_buffer/lua, munge), driven by {@code src/test/slurm/single-node.sh}, against an
 * {@code up} on the demo config: a job submitted by an ordinary user with
 * {@code #BB_LUA meridian stage site=gpu-east prefix=/datasets/slurmtest/} starts only once its files
 * are on the GPU silo, lists them, and its teardown releases the request; a job asking for an unknown
 * site is held with Meridian's reason; one without {@code site=} is refused by sbatch. Needs root or
 * passwordless sudo; installs slurm-wlm and munge with apt-get when missing, and FAILS (never skips)
 * when it cannot.
 */
@Timeout(240)
@Tag("integration")
class SlurmStageInTest {
    private static final List<String> SHARDS = List.of("shard-0.bin", "shard-1.bin", "shard-2.bin");

    @TempDir
    static Path dir;
    static Path home;
    static EmbeddedRuntime runtime;

    @BeforeAll
    static void up() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // the job's user lists the GPU silo
        home = Files.createDirectories(dir.resolve("home"));
        MeridianHome meridianHome = new MeridianHome(home);
        Path nas = Files.createDirectories(meridianHome.demoDir().resolve("nas/slurmtest"));
        for (String shard : SHARDS) {
            Files.write(nas.resolve(shard), (shard + "\n").repeat(10_000).getBytes(StandardCharsets.UTF_8));
        }
        runtime = EmbeddedRuntime.start(DemoConfig.load(meridianHome.demoDir()), meridianHome, EmbeddedRuntime.Ports.ANY_FREE);
    }

    @AfterAll
    static void down() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldStartTheJobOnlyOnceItsFilesAreOnTheGpuSiloAndHoldAJobWhoseStagingIsRefused() throws Exception {
        CliRun.await(home, Duration.ofSeconds(60), out -> SHARDS.stream().allMatch(out::contains), "ls", "/datasets/slurmtest/");
        Path gpu = new MeridianHome(home).demoDir().resolve("nvme/slurmtest");
        assertThat(SHARDS).noneMatch(s -> Files.exists(gpu.resolve(s))); // nothing is staged before the job asks

        AtomicLong allOnGpuAt = new AtomicLong();
        Thread watcher = new Thread(() -> {
            while (allOnGpuAt.get() == 0 && !Thread.currentThread().isInterrupted()) {
                if (SHARDS.stream().allMatch(s -> Files.exists(gpu.resolve(s)))) {
                    allOnGpuAt.set(System.currentTimeMillis());
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gpu-silo-watcher");
        watcher.setDaemon(true);
        watcher.start();

        Path work = Files.createDirectories(dir.resolve("slurm"));
        Map<String, String> result = runSlurm(work, gpu);
        watcher.interrupt();

        assertThat(result.get("NOSITE_REFUSAL")).as("sbatch refuses a directive without site=").contains("site=SITE is required");
        assertThat(result.get("MARS_REASON").replace('_', ' ')) // scontrol shows the reason with '_' for ' '
                .as("held with Meridian's reason").contains("data in: meridian: site: unknown site 'mars' (known sites:");
        assertThat(result.get("OK_STATE")).isEqualTo("COMPLETED");
        List<String> output = Files.readAllLines(Path.of(result.get("OK_OUT")));
        assertThat(output).as("the job lists the staged files").containsAll(SHARDS);
        long started = Long.parseLong(output.get(0).replace("started ", "").strip());
        assertThat(allOnGpuAt.get()).as("the files reached the GPU silo").isPositive();
        assertThat(started).as("the job started after every file was on the GPU silo").isGreaterThanOrEqualTo(allOnGpuAt.get());
        assertThat(result.get("AFTER_TEARDOWN")).as("teardown released the request and its pins")
                .doesNotContain("slurm-" + result.get("OK_JOB"));
    }

    /** Runs the single-node script (as root, or through sudo -n) and returns its KEY=VALUE lines. */
    private static Map<String, String> runSlurm(Path work, Path gpu) throws Exception {
        Path meridian = dir.resolve("meridian");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(meridian, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                + "' io.meridian.cli.Meridian \"$@\"\n");
        Files.setPosixFilePermissions(meridian, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            Process sudo = new ProcessBuilder("sudo", "-n", "true").redirectErrorStream(true).start();
            assertThat(sudo.waitFor(10, TimeUnit.SECONDS) && sudo.exitValue() == 0)
                    .as("the Slurm test runs daemons and installs packages: it needs root or passwordless sudo").isTrue();
            command.addAll(List.of("sudo", "-n"));
        }
        command.addAll(List.of("bash", Path.of("src/test/slurm/single-node.sh").toAbsolutePath().toString(), work.toString(),
                Path.of("../deploy/slurm/burst_buffer.lua").toAbsolutePath().normalize().toString(), meridian.toString(),
                runtime.endpoints().httpUrl(), "/datasets/slurmtest/", gpu.toString(),
                String.valueOf(freePort()), String.valueOf(freePort())));
        Path log = work.resolve("script.log");
        Process script = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = script.waitFor(200, TimeUnit.SECONDS);
        if (!done) {
            script.destroy(); // the script's trap stops its daemons
            script.waitFor(20, TimeUnit.SECONDS);
        }
        String text = Files.readString(log);
        assertThat(done).as("the Slurm run ends within 200 s; its log:%n%s", text).isTrue();
        assertThat(script.exitValue()).as("exit code of single-node.sh (10: slurm-wlm and munge cannot be installed); its log:%n%s",
                text).isZero();
        Map<String, String> result = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Z_]+")) {
                result.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return result;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
