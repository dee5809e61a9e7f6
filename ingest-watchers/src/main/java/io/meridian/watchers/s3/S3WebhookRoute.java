package io.meridian.watchers.s3;

import io.meridian.http.HttpApi;
import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import io.meridian.http.Role;
import io.meridian.http.Route;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/s3-notifications}: the endpoint MinIO's {@code notify_webhook} target posts bucket
 * notifications to (set its {@code auth_token} to the operator token when tokens are configured).
 * Each message goes to every S3 watcher, which takes the records of its own bucket and prefix. The
 * answer is 200 with the number of events taken, or 400 with the reasons when a message had records
 * and none could be taken.
 */
public final class S3WebhookRoute implements Route {
    public static final String PATH = "/v1/s3-notifications";

    private final List<S3Watcher> watchers;

    public S3WebhookRoute(List<S3Watcher> watchers) {
        this.watchers = List.copyOf(watchers);
    }

    /** Registers the route on the process's HTTP server. */
    public static void register(HttpApi api, List<S3Watcher> watchers) {
        api.route("POST", PATH, Role.OPERATOR, new S3WebhookRoute(watchers));
    }

    @Override
    public void handle(HttpCall call) throws Exception {
        String body = new String(call.body(), StandardCharsets.UTF_8);
        int taken = 0;
        List<String> rejected = new ArrayList<>();
        for (S3Watcher watcher : watchers) {
            S3Notifications.Result result = watcher.accept(body);
            taken += result.events().size();
            rejected.addAll(result.rejected());
        }
        if (taken == 0 && !rejected.isEmpty()) {
            throw HttpException.badRequest(String.join("; ", rejected.stream().distinct().toList()));
        }
        call.json(200, Map.of("events", taken));
    }
}
