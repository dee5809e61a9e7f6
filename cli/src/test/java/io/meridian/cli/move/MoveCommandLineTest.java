package io.meridian.cli.move;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.Meridian;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(30)
class MoveCommandLineTest {
    @Test
    void shouldDescribeTheWorkerPoolAndItsOptions() {
        CommandLine cli = Meridian.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("move", "--help");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("meridian-movers", "--workers", "--bandwidth", "MERIDIAN_MOVER_WORKERS");
    }

    @Test
    void shouldRejectAMalformedBandwidthWithTheExpectedFormat() {
        CommandLine cli = Meridian.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("move", "--bandwidth", "nas", "--home", System.getProperty("java.io.tmpdir") + "/meridian-move-test");
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("SILO=SIZE");
    }
}
