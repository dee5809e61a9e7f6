package io.meridian.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.ConfigLoader;
import io.meridian.config.MeridianConfig;
import io.meridian.http.HttpApi;
import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stages split over processes as {@code up --stages} and {@code meridian serve} do (here: two stage
 * sets in one JVM, each with its own clients): one runs the watchers and the classifier and serves
 * no HTTP; the other serves the API only, and answers for a file the first one watched.
 */
@Timeout(180)
@Tag("integration")
class StagesAsProcessesTest {
    @TempDir
    Path home;

    @Test
    void shouldServeWhatAnotherProcessWatchedAndClassified() throws Exception {
        Files.createDirectories(home.resolve("silos/nas"));
        Path config = Files.writeString(home.resolve("silos/meridian.yaml"), """
                kafka: {bootstrap: embedded, partitions: 3}
                schemaRegistry: {url: embedded}
                silos:
                  - {id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 1GiB}
                """);
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(ConfigLoader.load(config), new MeridianHome(home),
                EmbeddedRuntime.Ports.ANY_FREE, context -> StageCatalog.forRoles(context, EnumSet.of(StageRole.WATCH, StageRole.CLASSIFY)))) {
            assertThat(runtime.endpoints().httpUrl()).as("no serve stage, no HTTP server").isNull();
            assertThat(runtime.stageNames()).noneMatch(name -> name.startsWith("placement") || name.startsWith("mover"));

            StageContext first = runtime.context();
            MeridianConfig anyPort = first.config().withHttp(first.config().http().withPort(0));
            StageContext serveContext = new StageContext(anyPort, first.kafka(), first.registry(), home.resolve("serve-state"),
                    first.embeddedS3());
            List<Stage> serve = StageCatalog.forRoles(serveContext, EnumSet.of(StageRole.SERVE));
            try (StageRunner runner = new StageRunner().start(serve)) {
                String url = serve.stream().filter(HttpApi.class::isInstance).map(s -> ((HttpApi) s).url()).findFirst().orElseThrow();
                Files.writeString(home.resolve("silos/nas/hello.txt"), "hello");
                String answer = "";
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!answer.contains("/datasets/hello.txt") && System.nanoTime() < deadline) {
                    answer = query(url, "SELECT path, size FROM files WHERE path = '/datasets/hello.txt'");
                    Thread.sleep(300);
                }
                assertThat(answer).contains("/datasets/hello.txt").contains("5");
            }
        }
    }

    private static String query(String url, String sql) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/v1/query"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"" + sql + "\",\"format\":\"csv\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : "";
    }
}
