package io.meridian.cli.convergence;

import io.meridian.cli.Meridian;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One stage run by its own {@code meridian} subcommand ({@code move}, {@code place}) in a child JVM on
 * this JVM's class path, next to the harness's {@code up} (same home, same config). {@link #kill} is a
 * SIGKILL: no shutdown hook runs, whatever the stage had in flight stays as it was. Output goes to
 * {@code <home>/<subcommand>.log}, appended across restarts; a child that ends by itself is a
 * {@link #problem}.
 */
final class StageProcess implements AutoCloseable {
    private static final long STOP_SECONDS = 20;
    private static final int LOG_TAIL = 2_000;

    private final String subcommand;
    private final String readyLine;
    private final Path home;
    private final Path config;
    private Process process;
    private long logStart;

    /** @param readyLine what the subcommand prints once its stage runs */
    StageProcess(String subcommand, String readyLine, Path home, Path config) {
        this.subcommand = subcommand;
        this.readyLine = readyLine;
        this.home = home;
        this.config = config;
    }

    /** Starts the child unless it runs. */
    synchronized void ensureRunning() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        logStart = Files.exists(log()) ? Files.size(log()) : 0;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Meridian.class.getName(), subcommand, "--config", config.toString(), "--home", home.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
    }

    /** Waits until the child printed its ready line; throws with its output when it ended or the time is up. */
    synchronized void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(readyLine)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("meridian " + subcommand + " did not start within " + timeout + " (exit "
                        + (process.isAlive() ? "none" : process.exitValue()) + "); its output:\n" + tail(output()));
            }
            Thread.sleep(100);
        }
    }

    /** Why the child is not running when it should, or empty. */
    synchronized Optional<String> problem() throws IOException {
        if (process == null || process.isAlive()) {
            return Optional.empty();
        }
        return Optional.of("meridian " + subcommand + " (child JVM) ended by itself with exit " + process.exitValue()
                + "; see " + log() + ": " + tail(output()).replace('\n', ' '));
    }

    /** What the child printed since its last start. */
    private String output() throws IOException {
        byte[] all = Files.readAllBytes(log());
        return new String(all, (int) Math.min(logStart, all.length), (int) Math.max(0, all.length - logStart), StandardCharsets.UTF_8);
    }

    private static String tail(String text) {
        return text.length() <= LOG_TAIL ? text : "..." + text.substring(text.length() - LOG_TAIL);
    }

    private Path log() {
        return home.resolve(subcommand + ".log");
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
