package io.meridian.query.console;

import io.meridian.http.EventStream;
import io.meridian.http.HttpCall;
import io.meridian.query.store.MetadataStore;
import java.io.IOException;

/**
 * {@code GET /v1/changes}: Server-Sent Events ({@link EventStream}) that say when anything the
 * query store holds changed (files, silos, usage, policies, staging, moves, dead letters), so that a
 * live view knows when to read again. Each event is {@code event: change} with
 * {@code data: {"version": N, "files": F}}; at most one every {@link EventStream#MIN_GAP_MILLIS}
 * however fast things change, the first at once, and a comment line every
 * {@link EventStream#KEEPALIVE_MILLIS} of quiet. The stream ends when the client disconnects or the
 * server stops.
 */
public final class ChangesRoute {
    private final MetadataStore store;

    public ChangesRoute(MetadataStore store) {
        this.store = store;
    }

    public void changes(HttpCall call) throws IOException {
        long[] sent = {-1};
        EventStream.serve(call, () -> {
            long version = store.version();
            if (version == sent[0]) {
                return null;
            }
            sent[0] = version;
            return new EventStream.Event("change", new Change(version, store.fileCount()), false);
        });
    }

    /** One change event's data, fields in this order: {@code {"version": N, "files": F}}. */
    private record Change(long version, long files) {
    }
}
