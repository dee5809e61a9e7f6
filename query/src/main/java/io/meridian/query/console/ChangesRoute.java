package io.meridian.query.console;

import io.meridian.http.HttpCall;
import io.meridian.http.Json;
import io.meridian.query.store.MetadataStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /v1/changes}: Server-Sent Events ({@code text/event-stream}) that say when anything the
 * query store holds changed (files, silos, usage, policies, staging, moves, dead letters), so that a
 * live view knows when to read again. Each event is {@code event: change} with
 * {@code data: {"version": N, "files": F}}; at most one every {@link #MIN_GAP_MILLIS} however fast
 * things change, the first at once. A comment line every {@link #KEEPALIVE_MILLIS} of quiet checks
 * that the client is still there. The stream ends when the client disconnects or the server stops.
 * Browsers' {@code EventSource} cannot send a bearer token, so the console reads it with
 * {@code fetch}; {@code curl -N} works as well.
 */
public final class ChangesRoute {
    static final long MIN_GAP_MILLIS = 250;
    static final long KEEPALIVE_MILLIS = 15_000;

    private final MetadataStore store;

    public ChangesRoute(MetadataStore store) {
        this.store = store;
    }

    public void changes(HttpCall call) throws IOException {
        call.responseHeader("Cache-Control", "no-cache");
        try (OutputStream out = call.stream(200, "text/event-stream; charset=utf-8", -1)) {
            long sent = -1;
            long quietSince = System.currentTimeMillis();
            while (!Thread.currentThread().isInterrupted()) {
                long version = store.version();
                if (version != sent) {
                    byte[] data = Json.mapper().writeValueAsBytes(new Change(version, store.fileCount()));
                    write(out, "event: change\ndata: " + new String(data, StandardCharsets.UTF_8) + "\n\n");
                    sent = version;
                    quietSince = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - quietSince >= KEEPALIVE_MILLIS) {
                    write(out, ": still here\n\n");
                    quietSince = System.currentTimeMillis();
                }
                Thread.sleep(MIN_GAP_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping: end the stream quietly
        } catch (IOException e) {
            // the client went away: the normal end of a change stream
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One change event's data, fields in this order: {@code {"version": N, "files": F}}. */
    private record Change(long version, long files) {
    }
}
