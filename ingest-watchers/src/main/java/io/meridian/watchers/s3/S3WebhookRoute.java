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
import java.util.function.Supplier;

/**
 * {@code POST /v1/s3-notifications}: the endpoint MinIO's {@code notify_webhook} target posts bucket
 * notifications to (set its {@code auth_token} to the operator token when tokens are configured).
 * Each message goes to every S3 watcher running in this process, which takes the records of its own
 * bucket and prefix. The answer is 200 with the number of events taken, 400 with the reasons when a
 * message had records and none could be taken, or 503 when this process watches none of the silos
 * now (another replica holds their watch leases; MinIO retries a webhook post that failed).
 */
public final class S3WebhookRoute implements Route {
    public static final String PATH = "/v1/s3-notifications";

    private final Supplier<List<S3Watcher>> watchers;
    private final List<String> silos;

    /**
     * @param watchers the S3 watchers running in this process now
     * @param silos    the silos whose notifications this route is for, named in the 503 answer
     */
    public S3WebhookRoute(Supplier<List<S3Watcher>> watchers, List<String> silos) {
        this.watchers = watchers;
        this.silos = List.copyOf(silos);
    }

    /** Registers the route on the process's HTTP server. */
    public static void register(HttpApi api, Supplier<List<S3Watcher>> watchers, List<String> silos) {
        api.route("POST", PATH, Role.OPERATOR, new S3WebhookRoute(watchers, silos));
    }

    @Override
    public void handle(HttpCall call) throws Exception {
        List<S3Watcher> running = watchers.get();
        if (running.isEmpty()) {
            throw new HttpException(503, "this process does not watch silo(s) " + String.join(", ", silos)
                    + " now: another meridian process holds their watch leases; post notifications to it");
        }
        String body = new String(call.body(), StandardCharsets.UTF_8);
        int taken = 0;
        List<String> rejected = new ArrayList<>();
        for (S3Watcher watcher : running) {
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
