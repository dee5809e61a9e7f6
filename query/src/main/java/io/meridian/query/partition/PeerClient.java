package io.meridian.query.partition;

import io.meridian.http.Json;
import io.meridian.query.store.FileRow;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance of the query tier to run a {@link PeerRequest} on the partitions it owns
 * ({@code POST /internal/v1/files/scan}) and reads its {@link ScanWire} answer as it streams in.
 * An instance that answers 409 no longer owns a partition asked for, and one that cannot be reached
 * may have stopped: both are {@link OwnedPartitions.NotOwnerException}s, so the asker looks up the
 * owners again. Carries the process's own token when the servers need one.
 */
final class PeerClient {
    static final String ROUTE = "/internal/v1/files/scan";

    private final Optional<String> authorization;
    // the JDK client sets TCP_NODELAY; HttpURLConnection's request in two writes waited ~40 ms for a delayed ACK
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    PeerClient(Optional<String> authorization) {
        this.authorization = authorization;
    }

    /** The answer's frames, after the peer accepted the request (its status is read here). */
    private DataInputStream open(HostInfo peer, PeerRequest request, long deadlineNanos) {
        long leftMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        try {
            HttpRequest.Builder call = HttpRequest.newBuilder(URI.create("http://" + hostPart(peer) + ":" + peer.port() + ROUTE))
                    .timeout(Duration.ofMillis(leftMillis))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(request)));
            authorization.ifPresent(a -> call.header("Authorization", a));
            HttpResponse<InputStream> response = http.send(call.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 200) {
                return new DataInputStream(new BufferedInputStream(response.body(), 64 * 1024));
            }
            String message;
            try (InputStream err = response.body()) {
                message = new String(err.readNBytes(4096), StandardCharsets.UTF_8);
            }
            if (response.statusCode() == 409) {
                throw new OwnedPartitions.NotOwnerException(request.partitions().get(0), peer + " answered: " + message);
            }
            throw new IllegalStateException("the query instance at " + peer + " answered " + response.statusCode() + ": " + message);
        } catch (IOException e) {
            throw new OwnedPartitions.NotOwnerException(request.partitions().get(0),
                    "the query instance at " + peer + " cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the query instance at " + peer, e);
        }
    }

    private static String hostPart(HostInfo peer) {
        return peer.host().contains(":") && !peer.host().startsWith("[") ? "[" + peer.host() + "]" : peer.host();
    }

    /** The peer's matching rows in path order: projected values, or whole rows decoded with {@code decode}. */
    SortedSource rows(HostInfo peer, PeerRequest request, long deadlineNanos, Function<byte[], FileRow> decode) {
        DataInputStream in = open(peer, request, deadlineNanos);
        boolean whole = request.mode() == PeerRequest.Mode.RECORDS;
        int columns = whole ? 0 : request.scan().columns().size();
        return new SortedSource.Reading() {
            @Override
            protected Keyed read() {
                try {
                    byte tag = frame(in, peer);
                    if (tag == ScanWire.END) {
                        close();
                        return null;
                    }
                    if (tag != ScanWire.ROW) {
                        throw new IllegalStateException("the query instance at " + peer + " sent frame " + tag + " among rows");
                    }
                    String path = ScanWire.text(in);
                    if (whole) {
                        return new Keyed(path, null, decode.apply(ScanWire.bytes(in)), null);
                    }
                    Object[] values = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        values[i] = ScanWire.value(in);
                    }
                    return new Keyed(path, values, null, null);
                } catch (IOException e) {
                    close();
                    throw new IllegalStateException("the query instance at " + peer + " stopped answering part-way ("
                            + e.getMessage() + "); run the query again", e);
                }
            }

            @Override
            public void close() {
                try {
                    in.close();
                } catch (IOException e) {
                    // the connection is being dropped anyway
                }
            }
        };
    }

    /** The peer's one count (COUNT or ESTIMATE). */
    long count(HostInfo peer, PeerRequest request, long deadlineNanos) {
        try (DataInputStream in = open(peer, request, deadlineNanos)) {
            expect(in, peer, ScanWire.COUNT);
            long n = in.readLong();
            expect(in, peer, ScanWire.END);
            return n;
        } catch (IOException e) {
            throw new IllegalStateException("the query instance at " + peer + " stopped answering part-way: " + e.getMessage(), e);
        }
    }

    /** The peer's directory listing. */
    List<String> children(HostInfo peer, PeerRequest request, long deadlineNanos) {
        List<String> names = new ArrayList<>();
        try (DataInputStream in = open(peer, request, deadlineNanos)) {
            for (byte tag = frame(in, peer); tag != ScanWire.END; tag = frame(in, peer)) {
                if (tag != ScanWire.ROW) {
                    throw new IllegalStateException("the query instance at " + peer + " sent frame " + tag + " in a listing");
                }
                names.add(ScanWire.text(in));
            }
            return names;
        } catch (IOException e) {
            throw new IllegalStateException("the query instance at " + peer + " stopped answering part-way: " + e.getMessage(), e);
        }
    }

    /** The next frame's tag; an ERROR frame becomes the peer's failure. */
    private static byte frame(DataInputStream in, HostInfo peer) throws IOException {
        byte tag = in.readByte();
        if (tag == ScanWire.ERROR) {
            throw new IllegalStateException("the query instance at " + peer + " failed: " + ScanWire.text(in));
        }
        return tag;
    }

    private static void expect(DataInputStream in, HostInfo peer, byte wanted) throws IOException {
        byte tag = frame(in, peer);
        if (tag != wanted) {
            throw new IOException("expected frame " + wanted + ", got " + tag);
        }
    }
}
