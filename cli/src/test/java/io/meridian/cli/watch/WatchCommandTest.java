package io.meridian.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.Meridian;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code meridian watch} argument handling; running watchers is covered by UpWatchersTest and the module's tests. */
@Timeout(30)
class WatchCommandTest {
    @TempDir
    Path tmp;

    private int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = Meridian.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void shouldRefuseASiloThatIsNotInTheConfigNamingTheConfiguredOnes() throws Exception {
        Files.createDirectories(tmp.resolve("nas"));
        Path config = tmp.resolve("meridian.yaml");
        Files.writeString(config, """
                kafka:
                  bootstrap: 127.0.0.1:1
                schemaRegistry:
                  url: http://127.0.0.1:1
                silos:
                  - id: nas
                    kind: posix
                    root: ./nas
                    mount: /datasets
                    site: onprem
                    tier: capacity
                    capacity: 1GiB
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = run(out, err, "watch", "--config", config.toString(), "--home", tmp.resolve("home").toString(), "--silo", "tape");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("no silo 'tape'").contains("configured: nas");
    }

    @Test
    void shouldDescribeItsOptions() {
        StringWriter out = new StringWriter();

        int exit = run(out, new StringWriter(), "watch", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--silo=ID").contains("--reconcile-interval").contains("--s3-notification-topic");
    }
}
