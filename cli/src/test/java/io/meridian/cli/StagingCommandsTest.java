package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.runtime.EmbeddedRuntime;
import io.meridian.cli.runtime.MeridianHome;
import io.meridian.config.DemoConfig;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staging verbs against a running {@code up} on the demo config, as a scheduler uses them: a file
 * on the NAS is staged to the GPU site ({@code stage create --wait}), the open requests and the pins
 * they hold are listed ({@code stage ls}, {@code pin ls}), status changes stream as Server-Sent
 * Events until READY, and pins end by request ({@code pin release}) and by cancelling
 * ({@code stage cancel}), after which nothing is pinned.
 */
@Timeout(180)
@Tag("integration")
class StagingCommandsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path home;
    static EmbeddedRuntime runtime;

    @BeforeAll
    static void up() throws Exception {
        MeridianHome meridianHome = new MeridianHome(home);
        Path nas = Files.createDirectories(meridianHome.demoDir().resolve("nas/stagetest"));
        Files.writeString(nas.resolve("a.bin"), "shard a\n".repeat(1000));
        runtime = EmbeddedRuntime.start(DemoConfig.load(meridianHome.demoDir()), meridianHome, EmbeddedRuntime.Ports.ANY_FREE);
    }

    @AfterAll
    static void down() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldStageListPinStreamAndReleaseThroughTheHttpApi() throws Exception {
        CliRun.await(home, Duration.ofSeconds(60), out -> out.contains("a.bin"), "ls", "/datasets/stagetest/");

        CliRun.Result created = CliRun.run(home, "stage", "create", "--job", "j1", "--site", "gpu-east", "--prefix",
                "/datasets/stagetest/", "--deadline", "10m", "--pin-until", "1h", "--id", "req-a", "--wait", "90s");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("req-a" + System.lineSeparator()).contains("req-a READY files 1/1");
        assertThat(Files.exists(new MeridianHome(home).demoDir().resolve("nvme/stagetest/a.bin"))).as("on the GPU silo").isTrue();

        CliRun.Result second = CliRun.run(home, "stage", "create", "--job", "j2", "--site", "gpu-east", "--prefix",
                "/datasets/stagetest/a.bin", "--deadline", "10m", "--pin-until", "2h", "--id", "req-b");
        assertThat(second.exitCode()).as(second.err()).isZero();
        List<String> events = events("/v1/staging/req-b/events");
        assertThat(events).as("status events until READY, then the stream ends").isNotEmpty();
        assertThat(events.get(events.size() - 1)).startsWith("status ").contains("\"state\":\"READY\"", "\"requestId\":\"req-b\"");

        String ls = CliRun.run(home, "stage", "ls").out();
        assertThat(ls).contains("id", "job", "state", "pin until").contains("req-a", "j1", "req-b", "j2", "READY", "1/1");
        CliRun.Result pinLs = CliRun.run(home, "pin", "ls");
        assertThat(pinLs.exitCode()).as(pinLs.err()).isZero();
        assertThat(pinLs.out()).contains("path", "silo", "until", "request")
                .containsPattern("/datasets/stagetest/a.bin +gpu-nvme +gpu-east +\\S+ +req-a +j1")
                .containsPattern("/datasets/stagetest/a.bin +gpu-nvme +gpu-east +\\S+ +req-b +j2")
                .doesNotContain(" nas ");
        assertThat(CliRun.run(home, "pin", "ls", "--request", "req-b").out()).contains("req-b").doesNotContain("req-a");

        CliRun.Result released = CliRun.run(home, "pin", "release", "--request", "req-b");
        assertThat(released.exitCode()).as(released.err()).isZero();
        assertThat(released.out().strip()).isEqualTo("released req-b");
        assertThat(CliRun.run(home, "pin", "ls").out()).contains("req-a").doesNotContain("req-b");

        CliRun.Result cancelled = CliRun.run(home, "stage", "cancel", "req-a");
        assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
        assertThat(CliRun.run(home, "pin", "ls").out()).contains("nothing is pinned");
        assertThat(CliRun.run(home, "stage", "ls").out()).contains("no open staging requests");

        CliRun.Result again = CliRun.run(home, "stage", "cancel", "req-a");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("no open staging request 'req-a'");
        CliRun.Result nothing = CliRun.run(home, "pin", "release", "/datasets/stagetest/");
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.err()).contains("nothing under /datasets/stagetest/ is pinned");
        assertThat(get("/v1/staging/never-sent/events").statusCode()).isEqualTo(404);
        assertThat(CliRun.run(home, "stage", "status", "never-sent").exitCode()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnUnknownSiteWithTheValidValuesAndExit1() {
        CliRun.Result mars = CliRun.run(home, "stage", "create", "--job", "j3", "--site", "mars", "--prefix", "/datasets/",
                "--deadline", "10m", "--pin-until", "1h", "--wait", "5s");
        assertThat(mars.exitCode()).isEqualTo(1);
        assertThat(mars.err()).contains("site: unknown site 'mars' (known sites: cloud-a, gpu-east, onprem)");
    }

    /** Reads an event stream to its end (bounded by the test's timeout): "NAME DATA" per event. */
    private static List<String> events(String path) throws Exception {
        HttpResponse<InputStream> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("event: ")) {
                    name = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    events.add(name + " " + line.substring("data: ".length()));
                }
            }
        }
        return events;
    }

    private static HttpResponse<InputStream> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(runtime.endpoints().httpUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }
}
