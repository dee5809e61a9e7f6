package io.meridian.cli.convergence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.storage.Crc32cs;
import io.meridian.storage.Keys;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One look at a namespace from both sides: what the three silos hold under it (listed directly, not
 * through Meridian, with each file's CRC32C computed from its bytes) and what the view says is present
 * there ({@code SELECT path, silo, size, crc32c FROM instances WHERE state = 'present'}, over the
 * query stage's HTTP API). Internal names (a mover's {@code .meridian-tmp-*}, S3Proxy's upload objects)
 * are not files and are left out, as {@link Keys#isInternal} says.
 */
final class Snapshot {
    /** One instance: a logical path in a silo, with its size. */
    record Row(String path, String silo, long size) implements Comparable<Row> {
        @Override
        public int compareTo(Row other) {
            int byPath = path.compareTo(other.path);
            return byPath != 0 ? byPath : silo.compareTo(other.silo);
        }

        @Override
        public String toString() {
            return path + " @" + silo + " (" + size + " B)";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ConvergenceStack stack;
    private final Map<String, Long> s3Crcs = new HashMap<>();

    Snapshot(ConvergenceStack stack) {
        this.stack = stack;
    }

    /** Row to CRC32C of its bytes, for every file under {@code namespace} in every silo. */
    Map<Row, Long> storage(String namespace) throws Exception {
        Map<Row, Long> rows = new TreeMap<>();
        for (String silo : List.of(ConvergenceStack.NAS, ConvergenceStack.NVME)) {
            posix(silo, namespace, rows);
        }
        s3(namespace, rows);
        return rows;
    }

    private void posix(String silo, String namespace, Map<Row, Long> rows) throws Exception {
        Path root = stack.root(silo);
        Path dir = root.resolve(namespace);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String key = root.relativize(file).toString();
            try {
                byte[] bytes = Files.readAllBytes(file);
                if (!Keys.isInternal(key, bytes.length)) {
                    rows.put(new Row(ConvergenceStack.MOUNT + "/" + key, silo, bytes.length), Crc32cs.of(bytes));
                }
            } catch (NoSuchFileException e) {
                // renamed or deleted while listed: not there
            }
        }
    }

    private void s3(String namespace, Map<Row, Long> rows) throws Exception {
        Iterable<Result<Item>> items = stack.s3().listObjects(ListObjectsArgs.builder().bucket(ConvergenceStack.ARCHIVE)
                .prefix(namespace + "/").recursive(true).build());
        for (Result<Item> result : items) {
            Item item = result.get();
            if (Keys.isInternal(item.objectName(), item.size())) {
                continue;
            }
            String cacheKey = item.objectName() + "@" + item.etag();
            Long crc = s3Crcs.get(cacheKey);
            if (crc == null) {
                try (InputStream in = stack.s3().getObject(GetObjectArgs.builder().bucket(ConvergenceStack.ARCHIVE)
                        .object(item.objectName()).build())) {
                    crc = Crc32cs.of(in);
                } catch (io.minio.errors.ErrorResponseException e) {
                    continue; // removed since listed
                }
                s3Crcs.put(cacheKey, crc);
            }
            rows.put(new Row(ConvergenceStack.MOUNT + "/" + item.objectName(), ConvergenceStack.ARCHIVE, item.size()), crc);
        }
    }

    /** Row to the CRC32C the view holds for it (null when unknown), for every present instance under {@code namespace}. */
    Map<Row, Long> view(String namespace) throws Exception {
        String sql = "SELECT path, silo, size, crc32c FROM instances WHERE state = 'present' AND path LIKE '"
                + ConvergenceStack.MOUNT + "/" + namespace + "/%'";
        String body = JSON.writeValueAsString(Map.of("sql", sql, "format", "json"));
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/v1/query"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(answer.body());
        if (answer.statusCode() != 200 || json.path("truncated").asBoolean(false)) {
            throw new IllegalStateException("query answered " + answer.statusCode() + ": " + answer.body());
        }
        Map<Row, Long> rows = new TreeMap<>();
        for (JsonNode row : json.path("rows")) {
            Long crc = row.get(3).isNull() ? null : row.get(3).asLong();
            rows.put(new Row(row.get(0).asText(), row.get(1).asText(), row.get(2).asLong()), crc);
        }
        return rows;
    }
}
