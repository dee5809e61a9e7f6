package io.meridian.cli.staging;

import io.meridian.cli.ops.OperationsStage;
import io.meridian.http.HttpApi;
import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import io.meridian.http.Role;
import io.meridian.topics.Topics;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code DELETE /v1/staging/{id}} (operator role): releases a staging request, i.e. publishes the
 * tombstone on {@code meridian.staging-requests} that placement takes as "the job no longer needs
 * the data": its pins end at once and its copies return to normal policy. 202 with
 * {@code {"released": id}}; 404 when no such request is on the topic (never sent, or released already).
 * Published through the process's one producer; whether the request is open is read from its query store.
 */
public final class StagingReleaseRoute {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");

    private final OperationsStage operations;

    private StagingReleaseRoute(OperationsStage operations) {
        this.operations = operations;
    }

    public static void register(HttpApi http, OperationsStage operations) {
        http.route("DELETE", "/v1/staging/", Role.OPERATOR, new StagingReleaseRoute(operations)::release);
    }

    private void release(HttpCall call) throws IOException {
        String id = call.rest();
        if (!ID.matcher(id).matches()) {
            throw HttpException.badRequest("DELETE /v1/staging/{id} takes a request id (letters, digits, . _ : @ -), not '" + id + "'");
        }
        if (!operations.operations().releaseStaging(id)) {
            throw HttpException.notFound("no open staging request '" + id + "' on " + Topics.STAGING_REQUESTS);
        }
        call.json(202, Map.of("released", id));
    }
}
