package io.meridian.cli.convergence;

import io.meridian.cli.Meridian;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One stage run by its own {@code meridian} subcommand ({@code move}, {@code place}) in a child JVM on
 * this JVM's class path, next to the harness's {@code up} (same home, same config). {@link #kill} is a
 * SIGKILL: no shutdown hook runs, whatever the stage had in flight stays as it was. Output goes to
 * {@code <home>/<subcommand>.log}, appended across restarts.
 */
final class StageProcess implements AutoCloseable {
    private static final long STOP_SECONDS = 20;

    private final String subcommand;
    private final Path home;
    private final Path config;
    private Process process;

    StageProcess(String subcommand, Path home, Path config) {
        this.subcommand = subcommand;
        this.home = home;
        this.config = config;
    }

    /** Starts the child unless it runs. */
    synchronized void ensureRunning() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Meridian.class.getName(), subcommand, "--config", config.toString(), "--home", home.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(subcommand + ".log").toFile())).start();
    }

    /** SIGKILLs the child and waits until it is gone; false when it was not running. */
    synchronized boolean kill() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return false;
        }
        process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        return true;
    }

    /** Stops the child gracefully (SIGTERM, its shutdown hook closes the stage), forcibly after a bound. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
            }
        }
    }
}
