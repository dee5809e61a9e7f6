package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.runtime.EmbeddedRuntime;
import io.meridian.cli.runtime.MeridianHome;
import io.meridian.config.ConfigLoader;
import io.meridian.config.S3Endpoint;
import io.meridian.storage.S3Clients;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14 items 1–3 on {@code up} with real embedded components: the global view ends equal to
 * storage whichever source published what, in whatever order. A hook's UPSERT of a file the NAS does
 * not have, or of an object the bucket does not have, is retired by the next full scan or listing
 * (item 3); an S3 DELETE notification that arrives before the older PUT it follows is not lost (item
 * 1); what a newer PUT left after a stale DELETE made the watcher forget the path is retired by the
 * next listing (item 2).
 */
@Timeout(180)
@Tag("integration")
class ViewConvergesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path home;
    static EmbeddedRuntime runtime;

    @BeforeAll
    static void up() throws Exception {
        Files.createDirectories(home.resolve("silos/nas/in"));
        Path config = Files.writeString(home.resolve("silos/meridian.yaml"), """
                kafka: {bootstrap: embedded, partitions: 3}
                schemaRegistry: {url: embedded}
                silos:
                  - {id: nas, kind: posix, root: ./nas, mount: /datasets, site: onprem, tier: capacity, capacity: 1GiB, reconcileInterval: 2s}
                  - {id: archive, kind: s3, endpoint: embedded, bucket: archive, mount: /archive, site: cloud-a, tier: archive, capacity: 1GiB}
                """);
        runtime = EmbeddedRuntime.start(ConfigLoader.load(config), new MeridianHome(home), EmbeddedRuntime.Ports.ANY_FREE);
    }

    @AfterAll
    static void down() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldRetireAHookEventForAFileTheNasDoesNotHave() throws Exception {
        Files.writeString(home.resolve("silos/nas/in/real.txt"), "real");
        postEvents("[{\"silo\":\"nas\",\"path\":\"/datasets/in/ghost.txt\",\"size\":5,\"mtime\":\"2026-01-01T00:00:00Z\"}]");

        awaitPresent("/datasets/in/ghost.txt", true, Duration.ofSeconds(30));
        awaitPresent("/datasets/in/ghost.txt", false, Duration.ofSeconds(60));
        awaitPresent("/datasets/in/real.txt", true, Duration.ofSeconds(5));
        String events = run("tail", "meridian.file-events", "--from-beginning").out();
        assertThat(events).contains("not found by the scan of silo nas");
    }

    @Test
    void shouldRetireAHookEventForAnObjectTheBucketDoesNotHave() throws Exception {
        postEvents("[{\"silo\":\"archive\",\"path\":\"/archive/ghost.bin\",\"size\":5,\"etag\":\"abc\",\"mtime\":\"2026-01-01T00:00:00Z\"}]");
        put("kept.bin", "kept");

        awaitPresent("/archive/kept.bin", true, Duration.ofSeconds(30));
        // The embedded bucket is listed every second: the phantom may be gone before we look; it must not stay.
        awaitPresent("/archive/ghost.bin", false, Duration.ofSeconds(30));
        assertThat(run("tail", "meridian.file-events", "--from-beginning").out()).contains("not found by the listing of silo archive");
    }

    @Test
    void shouldNotLoseADeleteNotificationThatArrivesBeforeThePutItFollows() throws Exception {
        Instant put = Instant.now().minusSeconds(5);
        Instant delete = put.plusSeconds(1);
        // Newest first, as two partitions of a notification topic or two webhook posts may deliver them.
        postNotification("ObjectRemoved:Delete", "gone.bin", delete, "00000000000000000002", null);
        postNotification("ObjectCreated:Put", "gone.bin", put, "00000000000000000001", 4L);

        // The notification's own DELETE is published (before, it was dropped: the watcher had not seen the path yet).
        awaitOutput(Duration.ofSeconds(30), out -> out.lines().anyMatch(line -> line.contains("/archive/gone.bin")
                && line.contains("DELETE") && line.contains("S3_NOTIFICATION")), "tail", "meridian.file-events", "--from-beginning");
        // The older PUT loses to the DELETE's tombstone: the object never shows up as present.
        Thread.sleep(3000);
        assertThat(presentRows("/archive/gone.bin")).isZero();
    }

    @Test
    void shouldRetireWhatANewerPutLeftAfterAStaleDeleteOnceTheBucketNoLongerHasIt() throws Exception {
        Instant delete = Instant.now().minusSeconds(5);
        Instant put = delete.plusSeconds(1);
        // The newer PUT first, then the stale DELETE: the watcher publishes both and forgets the path; the
        // classifier keeps the PUT. The bucket does not have the object (its last DELETE notification was lost).
        postNotification("ObjectCreated:Put", "phantom.bin", put, "00000000000000000002", 4L);
        postNotification("ObjectRemoved:Delete", "phantom.bin", delete, "00000000000000000001", null);

        awaitOutput(Duration.ofSeconds(30), out -> out.lines().anyMatch(line -> line.contains("/archive/phantom.bin")
                && line.contains("not found by the listing of silo archive")), "tail", "meridian.file-events", "--from-beginning");
        awaitPresent("/archive/phantom.bin", false, Duration.ofSeconds(30));
    }

    private static void put(String key, String content) throws Exception {
        S3Endpoint endpoint = new S3Endpoint(runtime.endpoints().s3Endpoint(), runtime.stack().s3().accessKey(),
                runtime.stack().s3().secretKey());
        MinioClient client = S3Clients.create(endpoint);
        byte[] data = content.getBytes();
        client.putObject(PutObjectArgs.builder().bucket("archive").object(key).stream(new ByteArrayInputStream(data), data.length, -1).build());
    }

    private static void postNotification(String event, String key, Instant time, String sequencer, Long size) throws Exception {
        String object = "{\"key\":\"" + key + "\",\"sequencer\":\"" + sequencer + "\"" + (size == null ? "" : ",\"size\":" + size + ",\"eTag\":\"e1\"") + "}";
        String body = "{\"Records\":[{\"eventName\":\"s3:" + event + "\",\"eventTime\":\"" + time + "\","
                + "\"s3\":{\"bucket\":{\"name\":\"archive\"},\"object\":" + object + "}}]}";
        assertThat(post("/v1/s3-notifications", body).statusCode()).isBetween(200, 299);
    }

    private static void postEvents(String body) throws Exception {
        HttpResponse<String> response = post("/v1/events", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static HttpResponse<String> post(String route, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(runtime.endpoints().httpUrl() + route))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitPresent(String path, boolean present, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long rows = -1;
        while (System.nanoTime() < deadline) {
            rows = presentRows(path);
            if ((rows > 0) == present) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError(path + " should " + (present ? "" : "not ") + "be present within " + timeout + "; rows " + rows);
    }

    private static long presentRows(String path) {
        CliRun.Result result = run("query", "--csv", "SELECT count(*) AS n FROM instances WHERE path = '" + path + "' AND state = 'present'");
        assertThat(result.exitCode()).as(result.err()).isZero();
        return Long.parseLong(result.out().lines().skip(1).findFirst().orElseThrow().trim());
    }

    private static String awaitOutput(Duration timeout, Predicate<String> done, String... args) throws InterruptedException {
        return CliRun.await(home, timeout, done, args);
    }

    private static CliRun.Result run(String... args) {
        return CliRun.run(home, args);
    }

}
