package io.meridian.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.bench.HostileRequests.Expect;
import io.meridian.bench.HostileRequests.Request;
import io.meridian.bench.HostileTally.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends generated requests to a running Meridian and sorts each answer into a {@link HostileTally}
 * outcome: 2xx accepted; 429 or 503 with a message cut by a limit; another 4xx refused (with or
 * without a reason in the body); any other 5xx, a dropped connection or no answer within
 * {@link #TIMEOUT} a crash. A 2xx whose body holds text from outside the silo (the request's
 * {@code forbidden}) is an accepted invalid input, whatever the label said.
 */
final class HostileHttp {
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final HostileTally tally;

    HostileHttp(String baseUrl, HostileTally tally) {
        this.base = URI.create(baseUrl);
        this.tally = tally;
    }

    /** Sends and records one request, waiting for its answer. */
    void send(Request request) {
        try {
            HttpResponse<String> answer = client.send(build(request), HttpResponse.BodyHandlers.ofString());
            record(request, answer.statusCode(), answer.body());
        } catch (IOException e) {
            tally.record(request.channel(), request.kind(), valid(request), Outcome.CRASH, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Sends one request without waiting; the answer is recorded when it comes. */
    CompletableFuture<Void> sendAsync(Request request) {
        return client.sendAsync(build(request), HttpResponse.BodyHandlers.ofString())
                .handle((answer, failure) -> {
                    if (failure != null) {
                        tally.record(request.channel(), request.kind(), valid(request), Outcome.CRASH, failure.toString());
                    } else {
                        record(request, answer.statusCode(), answer.body());
                    }
                    return null;
                });
    }

    private HttpRequest build(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(request.path())).timeout(TIMEOUT);
        request.headers().forEach(builder::header);
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        return builder.method(request.method(), body).build();
    }

    private void record(Request request, int status, String body) {
        Outcome outcome = outcome(status, body);
        if (outcome == Outcome.ACCEPTED && request.forbidden() != null && body.contains(request.forbidden())) {
            tally.record(request.channel(), request.kind(), false, outcome, "served outside bytes: " + status + " " + body);
            return;
        }
        tally.record(request.channel(), request.kind(), valid(request), outcome, status + " " + body);
    }

    static Outcome outcome(int status, String body) {
        if (status >= 200 && status < 300) {
            return Outcome.ACCEPTED;
        }
        boolean reason = hasReason(body);
        if ((status == 429 || status == 503) && reason) {
            return Outcome.LIMITED;
        }
        if (status >= 400 && status < 500) {
            return reason ? Outcome.REFUSED : Outcome.REFUSED_WITHOUT_REASON;
        }
        return Outcome.CRASH;
    }

    /** A JSON body with a non-blank "error", or any other non-blank text. */
    private static boolean hasReason(String body) {
        if (body == null || body.isBlank()) {
            return false;
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                return !node.path("error").asText("").isBlank() || node.has("results") || node.has("rejected");
            }
        } catch (IOException e) {
            // not JSON: plain text counts as a reason
        }
        return true;
    }

    private static Boolean valid(Request request) {
        return request.expect() == Expect.EITHER ? null : request.expect() == Expect.ACCEPT;
    }

    /**
     * Sends raw bytes on a fresh connection (for what the JDK client refuses to send: a foreign Host
     * header, a Content-Length the body does not match) and records the outcome; a connection the
     * server closes or resets without an answer within the timeout counts as cut by a limit.
     */
    void sendRaw(String channel, String kind, Boolean valid, String head, byte[] body, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(8192), StandardCharsets.ISO_8859_1);
            if (answer.isEmpty()) {
                tally.record(channel, kind, valid, Outcome.LIMITED, "connection closed without an answer");
                return;
            }
            int status = Integer.parseInt(answer.substring(9, 12));
            int split = answer.indexOf("\r\n\r\n");
            record(channel, kind, valid, status, split < 0 ? "" : answer.substring(split + 4));
        } catch (SocketTimeoutException e) {
            tally.record(channel, kind, valid, Outcome.CRASH, "no answer and connection held for " + timeout.toSeconds() + " s");
        } catch (java.net.SocketException e) {
            // the JDK server closes a connection whose headers exceed its limits without an answer (no 431)
            tally.record(channel, kind, valid, Outcome.LIMITED, "connection closed by the server: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            tally.record(channel, kind, valid, Outcome.CRASH, e.toString());
        }
    }

    private void record(String channel, String kind, Boolean valid, int status, String body) {
        tally.record(channel, kind, valid, outcome(status, body), status + " " + body);
    }

    /** {@code host:port} of the server, for raw requests. */
    String authority() {
        return base.getHost() + ":" + base.getPort();
    }
}
