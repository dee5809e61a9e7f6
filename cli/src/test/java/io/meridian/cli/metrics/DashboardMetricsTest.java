package io.meridian.cli.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.runtime.StageCatalog;
import io.meridian.config.ConfigLoader;
import io.meridian.stage.StageContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard queries exactly the stage metrics a process exports: every stage of
 * {@code up} is built (not started: its meters exist from construction) on one registry, and its
 * scrape is compared with the metric names of the dashboard's PromQL.
 */
class DashboardMetricsTest {
    /** The families of the stage meters; the dashboard must use every one. */
    static final List<String> STAGE_PREFIXES = List.of("meridian_watcher_", "meridian_classifier_", "meridian_placement_",
            "meridian_mover_", "meridian_staging_");

    @TempDir
    Path dir;

    @Test
    void shouldQueryOnlyMetricsEveryProcessExportsFromStartUp() throws Exception {
        Set<String> exported = Scrape.parse(scrapeOfEveryStage()).names();

        Set<String> queried = queried();

        assertThat(queried).isNotEmpty();
        assertThat(exported).as("exported at start-up, at zero").containsAll(queried);
    }

    @Test
    void shouldShowEveryStageFamily() throws Exception {
        Set<String> stageMetrics = new TreeSet<>();
        for (String name : Scrape.parse(scrapeOfEveryStage()).names()) {
            if (STAGE_PREFIXES.stream().anyMatch(name::startsWith)) {
                stageMetrics.add(name.replaceAll("_(count|sum)$", ""));
            }
        }
        Set<String> queried = new TreeSet<>();
        queried().forEach(name -> queried.add(name.replaceAll("_(count|sum)$", "")));

        assertThat(stageMetrics).hasSizeGreaterThan(20);
        assertThat(queried).as("every stage family has a panel").containsAll(stageMetrics);
    }

    @Test
    void shouldExtractMetricNamesFromPromQl() {
        assertThat(DashboardQueries.metricNames(
                "sum by (silo, source) (rate(meridian_watcher_events_published_total{silo=~\"a|b\"}[5m])) / on (x) group_left"
                        + " max without (le) (x_seconds_max) > 1e3 and histogram_quantile(0.9, y_bucket offset 5m)"))
                .containsExactlyInAnyOrder("meridian_watcher_events_published_total", "x_seconds_max", "y_bucket");
    }

    private Set<String> queried() throws Exception {
        Set<String> names = new TreeSet<>();
        DashboardQueries.expressions(DashboardQueries.DASHBOARD).forEach(expr -> names.addAll(DashboardQueries.metricNames(expr)));
        return names;
    }

    /** The scrape of a process that built every stage of {@code up} for two silos and a policy. */
    private String scrapeOfEveryStage() throws Exception {
        Files.createDirectories(dir.resolve("nas"));
        Files.createDirectories(dir.resolve("fast"));
        Path config = Files.writeString(dir.resolve("meridian.yaml"), """
                kafka: {bootstrap: "127.0.0.1:1"}
                schemaRegistry: {url: "http://127.0.0.1:1"}
                silos:
                  - {id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 1GiB}
                  - {id: fast, kind: posix, root: ./fast, mount: /datasets, site: gpu-east, tier: nvme, capacity: 1GiB}
                policies:
                  - {name: hot, when: "size > 0", place: {tier: nvme}}
                """);
        StageContext context = new StageContext(ConfigLoader.load(config), new Properties(), () -> {
            throw new IllegalStateException("nothing is started in this test");
        }, dir.resolve("state"), Optional.empty());
        StageCatalog.forUp(context);
        return context.metrics().scrape();
    }
}
