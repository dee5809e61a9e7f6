package io.meridian.cli.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.runtime.EmbeddedRuntime;
import io.meridian.cli.runtime.MeridianHome;
import io.meridian.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of {@code up} while it places files: a policy copies one file to the fast silo
 * and a staging request another; the scrape then holds every family the dashboard queries, with the
 * counts of what happened.
 */
@Timeout(90)
@Tag("integration")
class MetricsDuringPlacementTest {
    private static final String HOT = "/datasets/hot/a.bin";
    private static final int HOT_BYTES = 4096;
    private static final int STAGED_BYTES = 2000;

    @TempDir
    Path home;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void shouldExportEveryStageFamilyWithWhatHappenedDuringAPlacement() throws Exception {
        Files.write(Files.createDirectories(home.resolve("nas/hot")).resolve("a.bin"), new byte[HOT_BYTES]);
        Files.write(Files.createDirectories(home.resolve("nas/stage")).resolve("c.bin"), new byte[STAGED_BYTES]);
        Files.write(Files.createDirectories(home.resolve("nas/cold")).resolve("b.bin"), new byte[10]);
        Files.createDirectories(home.resolve("fast"));
        Path config = Files.writeString(home.resolve("meridian.yaml"), """
                kafka: {bootstrap: embedded, partitions: 3}
                schemaRegistry: {url: embedded}
                silos:
                  - {id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 1GiB}
                  - {id: fast, kind: posix, root: ./fast, mount: /datasets, site: gpu-east, tier: nvme, capacity: 1GiB}
                policies:
                  - {name: hot, when: "path.contains('/hot/')", place: {site: gpu-east, tier: nvme}}
                """);
        try (EmbeddedRuntime up = EmbeddedRuntime.start(ConfigLoader.load(config), new MeridianHome(home.resolve("home")),
                EmbeddedRuntime.Ports.ANY_FREE)) {
            String url = up.endpoints().httpUrl();
            Scrape first = scrape(url);
            assertThat(first.names()).as("every family from start-up").containsAll(queriedByTheDashboard());

            post(url + "/v1/staging", "{\"job\":\"metrics-1\",\"site\":\"gpu-east\",\"prefixes\":[\"/datasets/stage/\"],"
                    + "\"deadline\":\"10m\",\"pinUntil\":\"1h\"}");
            Scrape done = awaitScrape(url, Duration.ofSeconds(60));

            assertThat(done.names()).containsAll(queriedByTheDashboard());
            assertThat(done.sum("meridian_watcher_events_published_total", "silo=\"nas\"", "source=\"POSIX_SCAN\"")).isEqualTo(3);
            assertThat(done.sum("meridian_watcher_scans_total", "silo=\"nas\"")).isGreaterThanOrEqualTo(1);
            assertThat(done.sum("meridian_watcher_scan_entries_total", "silo=\"nas\"")).isGreaterThanOrEqualTo(3);
            assertThat(done.sum("meridian_classifier_events_total", "kind=\"file_event\"")).isGreaterThanOrEqualTo(5);
            assertThat(done.sum("meridian_classifier_events_total", "kind=\"move_result\"")).isGreaterThanOrEqualTo(2);
            assertThat(done.sum("meridian_classifier_records_written_total")).isGreaterThanOrEqualTo(5);
            assertThat(done.sum("meridian_classifier_dead_letters_total")).isZero();
            assertThat(done.sum("meridian_placement_commands_issued_total", "op=\"COPY\"", "reason=\"policy\"")).isGreaterThanOrEqualTo(1);
            assertThat(done.sum("meridian_placement_commands_issued_total", "op=\"COPY\"", "reason=\"staging\"")).isGreaterThanOrEqualTo(1);
            assertThat(done.sum("meridian_placement_policy_files", "policy=\"hot\"", "state=\"matching\"")).isEqualTo(1);
            assertThat(done.sum("meridian_placement_policy_files", "policy=\"hot\"", "state=\"misaligned\"")).isZero();
            assertThat(done.sum("meridian_placement_files_stuck")).isZero();
            assertThat(done.sum("meridian_mover_commands_total", "op=\"COPY\"", "status=\"SUCCEEDED\"")).isGreaterThanOrEqualTo(2);
            assertThat(done.sum("meridian_mover_bytes_total", "source=\"nas\"", "target=\"fast\""))
                    .isGreaterThanOrEqualTo(HOT_BYTES + STAGED_BYTES);
            assertThat(done.sum("meridian_mover_failures_total")).isZero();
            assertThat(done.sum("meridian_staging_time_to_ready_seconds_count")).isEqualTo(1);
            assertThat(done.sum("meridian_staging_deadline_misses_total")).isZero();
            for (String stage : new String[] {"classifier", "placement", "mover"}) {
                assertThat(done.sum("meridian_" + stage + "_consumer_lag_records")).as(stage).isGreaterThanOrEqualTo(0);
            }
        }
    }

    /** Scrapes until the policy's file is aligned and the staging request READY, or the timeout passes. */
    private Scrape awaitScrape(String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Scrape last = scrape(url);
        while (System.nanoTime() < deadline && !(last.sum("meridian_placement_policy_files", "policy=\"hot\"", "state=\"aligned\"") == 1
                && last.sum("meridian_staging_requests", "state=\"READY\"") == 1)) {
            Thread.sleep(500);
            last = scrape(url);
        }
        assertThat(last.sum("meridian_placement_policy_files", "policy=\"hot\"", "state=\"aligned\"")).as(HOT + " aligned").isEqualTo(1);
        assertThat(last.sum("meridian_staging_requests", "state=\"READY\"")).as("the staging request READY").isEqualTo(1);
        return last;
    }

    private Scrape scrape(String url) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    private void post(String url, String json) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private static Set<String> queriedByTheDashboard() throws Exception {
        Set<String> names = new TreeSet<>();
        DashboardQueries.expressions(DashboardQueries.DASHBOARD).forEach(expr -> names.addAll(DashboardQueries.metricNames(expr)));
        return names;
    }
}
