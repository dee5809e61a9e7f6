package io.meridian.movers;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.metrics.ProcessMetrics;
import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveOp;
import io.meridian.schemas.MoveStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MoverMetricsTest {
    private final ProcessMetrics process = new ProcessMetrics();
    private final MoverMetrics metrics = new MoverMetrics(process.registry(), List.of("nas", "nvme"));

    @Test
    void shouldExportEverySeriesAtZeroBeforeAnyCommand() {
        String scrape = process.scrape();

        assertThat(scrape).contains("meridian_mover_bytes_total{source=\"nas\",target=\"nvme\"} 0.0")
                .contains("meridian_mover_bytes_total{source=\"nvme\",target=\"nas\"} 0.0")
                .doesNotContain("source=\"nas\",target=\"nas\"")
                .contains("meridian_mover_commands_total{op=\"DELETE_INSTANCE\",status=\"FAILED\"} 0.0")
                .contains("meridian_mover_failures_total{reason=\"CHECKSUM_MISMATCH\"} 0.0")
                .contains("meridian_mover_retries_total 0.0")
                .contains("meridian_mover_queue_lag_records 0.0");
    }

    @Test
    void shouldCountCommandsBytesPerPairFailuresAndRetries() {
        MoveCommand copy = MoverTestKit.command(MoveOp.COPY, "/d/a.bin", "nas", "nvme", 1000, Instant.EPOCH, 1L);
        metrics.recorded(copy, new MoveOutcome(MoveStatus.SUCCEEDED, 1000, 1L, null, null));
        MoveCommand retried = MoveCommand.newBuilder(copy).setAttempt(2).build();
        metrics.recorded(retried, new MoveOutcome(MoveStatus.FAILED, 0, null, MoveFailure.TARGET_FULL, "full"));
        metrics.recorded(MoverTestKit.command(MoveOp.MOVE, "/d/b.bin", "nvme", "archive", 50, Instant.EPOCH, 2L),
                new MoveOutcome(MoveStatus.SUCCEEDED, 50, 2L, null, null));
        metrics.lag(7);

        String scrape = process.scrape();
        assertThat(scrape).contains("meridian_mover_commands_total{op=\"COPY\",status=\"SUCCEEDED\"} 1.0")
                .contains("meridian_mover_commands_total{op=\"COPY\",status=\"FAILED\"} 1.0")
                .contains("meridian_mover_bytes_total{source=\"nas\",target=\"nvme\"} 1000.0")
                .contains("meridian_mover_bytes_total{source=\"nvme\",target=\"archive\"} 50.0") // a silo not configured here
                .contains("meridian_mover_failures_total{reason=\"TARGET_FULL\"} 1.0")
                .contains("meridian_mover_retries_total 1.0")
                .contains("meridian_mover_queue_lag_records 7.0");
        assertThat(metrics.bytes()).isEqualTo(1050);
        assertThat(metrics.files()).isEqualTo(2);
        assertThat(metrics.byStatus()).isEqualTo(Map.of("SUCCEEDED", 2L, "FAILED", 1L));
        assertThat(metrics.failures()).isEqualTo(Map.of("TARGET_FULL", 1L));
    }
}
