package io.meridian.watchers.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.HttpConfig;
import io.meridian.http.HttpApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A process that holds none of the S3 watch leases says so (503, MinIO retries) instead of dropping notifications. */
class S3WebhookRouteTest {
    @Test
    void shouldAnswer503NamingTheSilosWhenNoS3WatcherRunsHere() throws Exception {
        HttpApi api = new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), name -> null);
        S3WebhookRoute.register(api, List::of, List.of("archive"));
        api.start();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.url() + S3WebhookRoute.PATH))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"Records\":[]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("does not watch silo(s) archive now");
        } finally {
            api.close();
        }
    }
}
