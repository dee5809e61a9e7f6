package io.meridian.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one way Meridian answers with Server-Sent Events ({@code text/event-stream}): every
 * {@link #MIN_GAP_MILLIS} it asks its {@link Source} for the next event and sends it as
 * {@code event: NAME} with {@code data: JSON}, the first check at once; after
 * {@link #KEEPALIVE_MILLIS} of quiet it sends a comment line, which also finds out whether the client
 * is still there. The stream ends after an event marked {@link Event#last()}, when the client
 * disconnects, or when the server stops (the handler thread is interrupted). Browsers'
 * {@code EventSource} cannot send a bearer token, so scripts and the console read it with
 * {@code fetch} or {@code curl -N}.
 */
public final class EventStream {
    /** Time between two checks of the source, so at most one event this often. */
    public static final long MIN_GAP_MILLIS = 250;
    /** Quiet time after which a comment line is sent. */
    public static final long KEEPALIVE_MILLIS = 15_000;

    private EventStream() {
    }

    /**
     * One event: its name, its data (serialized as JSON on one line) and whether it ends the stream.
     */
    public record Event(String name, Object data, boolean last) {
    }

    /** What a stream sends; called from the answering thread only. */
    @FunctionalInterface
    public interface Source {
        /** The event to send now, or null when there is nothing new. */
        Event next() throws IOException;
    }

    /**
     * Answers {@code call} with 200 and the events of {@code source} until one is last, the client
     * goes away or the server stops; a client that went away is the normal end, not an error.
     */
    public static void serve(HttpCall call, Source source) throws IOException {
        call.responseHeader("Cache-Control", "no-cache");
        try (OutputStream out = call.stream(200, "text/event-stream; charset=utf-8", -1)) {
            long quietSince = System.currentTimeMillis();
            while (!Thread.currentThread().isInterrupted()) {
                Event event = source.next();
                if (event != null) {
                    String data = Json.mapper().writeValueAsString(event.data());
                    write(out, "event: " + event.name() + "\ndata: " + data + "\n\n");
                    if (event.last()) {
                        return;
                    }
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
            // the client went away: the normal end of an event stream
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
