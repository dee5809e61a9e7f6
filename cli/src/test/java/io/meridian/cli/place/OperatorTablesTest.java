package io.meridian.cli.place;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What 'meridian policy ls', 'silo ls' and 'silo drain --wait' print, from the JSON their routes answer. */
class OperatorTablesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldRenderPoliciesAsATableWithoutNullsHighestPriorityFirst() throws Exception {
        List<JsonNode> policies = nodes("""
                [{"name": "archive-old", "when": "ageDays > 90", "place": {"silos": [], "site": null, "tier": "ARCHIVE",
                  "labels": {}}, "copies": 1, "exclusive": true, "priority": 1, "pinMillis": null, "updatedAt": 0},
                 {"name": "training-on-nvme", "when": "tags.stage == 'training'", "place": {"silos": ["gpu-nvme", "nvme-2"],
                  "site": "gpu-east", "tier": null, "labels": {"rack": "r1"}}, "copies": 2, "exclusive": false,
                  "priority": 10, "pinMillis": 604800000, "updatedAt": 0}]""");

        String table = PolicyTable.render(policies);

        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).startsWith("NAME").contains("WHEN", "PLACE", "COPIES", "EXCLUSIVE", "PIN", "PRIORITY");
        assertThat(lines.get(2)).startsWith("training-on-nvme").contains("tags.stage == 'training'",
                "silos gpu-nvme,nvme-2 site gpu-east labels rack=r1", "7d").endsWith("10");
        assertThat(lines.get(3)).startsWith("archive-old").contains("tier archive", "yes").endsWith("1");
        assertThat(table).doesNotContain("NULL", "null");
        assertThat(PolicyTable.place(JSON.readTree("{\"silos\": [], \"labels\": {}}"))).isEqualTo("any silo");
        assertThat(PolicyTable.pin(90_000)).isEqualTo("90s");
        assertThat(PolicyTable.pin(Duration.ofHours(12).toMillis())).isEqualTo("12h");
    }

    @Test
    void shouldRenderSilosBySiteWithUsageAndWhatADrainingSiloHasLeft() throws Exception {
        List<JsonNode> silos = nodes("""
                [{"id": "nas", "site": "onprem", "tier": "capacity", "kind": "posix", "state": "draining",
                  "capacityBytes": 10737418240, "usedBytes": 1610612736, "files": 12, "measuredAt": 5},
                 {"id": "gpu-nvme", "site": "gpu-east", "tier": "nvme", "kind": "posix", "state": "active",
                  "capacityBytes": 1073741824, "usedBytes": 0, "files": 0, "measuredAt": null}]""");

        List<String> lines = SiloTable.render(silos).lines().toList();

        assertThat(lines.get(0)).startsWith("SILO").contains("STATE", "SITE", "TIER", "USED / CAPACITY", "FILES", "DRAINING");
        assertThat(lines.get(2)).startsWith("gpu-nvme").contains("active", "gpu-east", "not measured / 1GiB");
        assertThat(lines.get(3)).startsWith("nas").contains("draining", "1.5GiB / 10GiB (15%)", "12 files, 1.5GiB left");
    }

    @Test
    void shouldPrintAPlainLinePerChangeOffATerminalAndEndWhenTheSiloIsRetired() throws Exception {
        StringWriter text = new StringWriter();
        Deque<JsonNode> looks = new ArrayDeque<>(nodes("""
                [{"state": "draining", "files": 4, "usedBytes": 4096},
                 {"state": "draining", "files": 4, "usedBytes": 4096},
                 {"state": "draining", "files": 1, "usedBytes": 1024},
                 {"state": "retired", "files": 0, "usedBytes": 0}]"""));

        int exit = new DrainProgress("nas", false, new PrintWriter(text)).follow(looks::pop, Duration.ofMillis(1), null);

        assertThat(exit).isZero();
        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("draining nas: 4 files, 4KiB left,").contains("ETA unknown");
        assertThat(lines.get(1)).startsWith("draining nas: 1 files, 1KiB left,").doesNotContain("ETA unknown");
        assertThat(lines.get(2)).isEqualTo("nas is retired: nothing is left on it");
    }

    @Test
    void shouldDrawABarWithRateAndEtaOnATerminalAndExit3WhenTheSiloIsActivatedAgain() throws Exception {
        DrainProgress progress = new DrainProgress("nas", true, new PrintWriter(new StringWriter()));
        progress.line(10, 4 * 1024 * 1024, 0);
        String half = progress.line(5, 2 * 1024 * 1024, 2_000_000_000L);
        assertThat(half).startsWith("nas [###############...............]  50%")
                .contains("5 files, 2MiB left, 1MiB/s, ETA 0m02s");
        assertThat(DrainProgress.eta(3 * 3600 + 120)).isEqualTo("3h02m");

        StringWriter text = new StringWriter();
        Deque<JsonNode> looks = new ArrayDeque<>(nodes("[{\"state\": \"draining\", \"files\": 2, \"usedBytes\": 9},"
                + " {\"state\": \"active\", \"files\": 2, \"usedBytes\": 9}]"));
        int exit = new DrainProgress("nas", true, new PrintWriter(text)).follow(looks::pop, Duration.ofMillis(1), null);
        assertThat(exit).isEqualTo(DrainProgress.REACTIVATED);
        assertThat(text.toString()).startsWith("\rnas [").contains("\nnas was made active again before it was empty");
    }

    @Test
    void shouldGiveUpWithExit4WhenTheTimeoutPassesAndRefuseABadDuration() throws Exception {
        JsonNode draining = JSON.readTree("{\"state\": \"draining\", \"files\": 2, \"usedBytes\": 9}");
        StringWriter text = new StringWriter();
        int exit = new DrainProgress("nas", false, new PrintWriter(text)).follow(() -> draining, Duration.ofMillis(5), Duration.ZERO);
        assertThat(exit).isEqualTo(DrainProgress.TIMED_OUT);
        assertThat(text.toString()).contains("still draining nas");
        assertThatThrownBy(() -> DrainProgress.duration("--timeout", "soon")).hasMessageStartingWith("--timeout: 'soon' is not a duration");
    }

    private static List<JsonNode> nodes(String json) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(json).forEach(out::add);
        return out;
    }
}
