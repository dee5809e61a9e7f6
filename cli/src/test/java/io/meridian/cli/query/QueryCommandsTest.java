package io.meridian.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.Meridian;
import io.meridian.cli.runtime.EmbeddedRuntime;
import io.meridian.cli.runtime.MeridianHome;
import io.meridian.config.DemoConfig;
import io.meridian.config.MeridianConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Query issue's "done when", in process: {@code up} on the demo config, then {@code query},
 * {@code ls} and {@code cat} from "another terminal" find its HTTP API through the endpoints file.
 * The file is written into the demo NAS, so the watcher and classifier of {@code up} produce its record.
 */
@Timeout(180)
@Tag("integration")
class QueryCommandsTest {
    private static final String CONTENT = "hello from the nas\n".repeat(100);

    @TempDir
    static Path home;
    static EmbeddedRuntime runtime;

    @BeforeAll
    static void up() throws Exception {
        MeridianHome meridianHome = new MeridianHome(home);
        MeridianConfig demo = DemoConfig.load(meridianHome.demoDir());
        Path nas = Files.createDirectories(meridianHome.demoDir().resolve("nas/qtest"));
        Files.writeString(nas.resolve("hello.txt"), CONTENT);
        runtime = EmbeddedRuntime.start(demo, meridianHome, EmbeddedRuntime.Ports.ANY_FREE);
    }

    @AfterAll
    static void down() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldPrintSiloUsageAsATable() throws Exception {
        String out = awaitOutput(Duration.ofSeconds(60), "archive", "query", "SELECT silo, used, free FROM silos ORDER BY silo");
        assertThat(out).contains("silo", "used", "free", "nas", "gpu-nvme", "archive").contains("rows)");
    }

    @Test
    void shouldListAndReadAFileSeenByTheWatcher() throws Exception {
        String listing = awaitOutput(Duration.ofSeconds(60), "hello.txt", "ls", "/datasets/qtest/");
        assertThat(listing).contains("/datasets/qtest/hello.txt").contains("nas");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CommandLine cli = Meridian.commandLine();
        CatCommand cat = cli.getSubcommands().get("cat").getCommand();
        cat.target = bytes;
        int code = cli.setErr(new PrintWriter(new StringWriter())).execute("cat", "/datasets/qtest/hello.txt", "--home", home.toString());
        assertThat(code).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(CONTENT);
    }

    @Test
    void shouldSayWhereTheFilesOfAPrefixAre() throws Exception {
        String out = awaitOutput(Duration.ofSeconds(60), "onprem", "locality", "/datasets/qtest/");
        assertThat(out).contains("/datasets/qtest/: 1 file, ", "site", "complete", "onprem", "1/1", "capacity 1");
        StringWriter err = new StringWriter();
        int code = Meridian.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute("locality", "/datasets/qtest/", "--tag", "Bad Key=1", "--home", home.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("tag key 'Bad Key' is invalid");
    }

    @Test
    void shouldPrintCsvAndLocatedErrors() throws Exception {
        String csv = awaitOutput(Duration.ofSeconds(60), "nas", "query", "--csv", "SELECT id, tier FROM silos WHERE id = 'nas'");
        assertThat(csv).isEqualTo("id,tier\r\nnas,capacity\r\n".replace("\r\n", System.lineSeparator()));

        StringWriter err = new StringWriter();
        int code = Meridian.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute("query", "SELECT path FROM files WHERE", "--home", home.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("line 1, column");
    }

    /** Runs a command until its output contains {@code expected} (the store fills asynchronously). */
    private static String awaitOutput(Duration timeout, String expected, String... args) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            String[] withHome = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--home", home.toString())).toArray(String[]::new);
            int code = Meridian.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(withHome);
            last = out + err.toString();
            if (code == 0 && out.toString().contains(expected)) {
                return out.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no '" + expected + "' within " + timeout + "; last output: " + last);
    }
}
