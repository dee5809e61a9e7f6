package io.meridian.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Runs {@code meridian} commands in this JVM against the {@code up} of a home, for tests. */
final class CliRun {
    /** What one command did. */
    record Result(int exitCode, String out, String err) {
    }

    private CliRun() {
    }

    /** Runs {@code args} with {@code --home home}. */
    static Result run(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] withHome = Stream.concat(Stream.of(args), Stream.of("--home", home.toString())).toArray(String[]::new);
        int code = Meridian.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(withHome);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs {@code args} every 500 ms until it exits 0 with an output {@code done} accepts; returns that output. */
    static String await(Path home, Duration timeout, Predicate<String> done, String... args) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Result last = null;
        while (System.nanoTime() < deadline) {
            last = run(home, args);
            if (last.exitCode() == 0 && done.test(last.out())) {
                return last.out();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(String.join(" ", args) + " did not answer as expected within " + timeout + "; last: " + last);
    }
}
