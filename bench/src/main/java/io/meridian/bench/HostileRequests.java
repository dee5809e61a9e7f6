package io.meridian.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated HTTP requests for every route of the API but {@code /v1/events} ({@link HostileEvents}):
 * S3 notifications, SQL, file reads with hostile ranges and paths, and the writes (tags, policies,
 * staging, drains) with hostile bodies, content types and origins. Each carries what a correct server
 * must do with it ({@link Expect}); valid writes only ever touch paths under {@value HostileEvents#OK_DIR}
 * and never drain a silo.
 */
final class HostileRequests {
    /** What a correct server does with a request. */
    enum Expect { ACCEPT, REFUSE, EITHER }

    /** One request; {@code forbidden} is text that must never appear in a successful answer (outside bytes). */
    record Request(String channel, String kind, Expect expect, String method, String path, String contentType,
                   Map<String, String> headers, byte[] body, String forbidden) {
    }

    /** A file the bench created on the nas silo before the run, readable through the API. */
    static final String READABLE = "/datasets/bench-read/data.bin";
    static final int READABLE_SIZE = 65_536;
    /** A symlink to /etc/passwd inside the nas silo, and a file below a symlink to /etc. */
    static final String LEAF_LINK = "/datasets/bench-links/passwd";
    static final String UNDER_DIR_LINK = "/datasets/bench-linkdir/passwd";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private final Random random;
    private long counter;

    HostileRequests(Random random) {
        this.random = random;
    }

    /** Valid S3 notifications name objects below this directory of the {@code archive} silo. */
    static final String S3_OK_DIR = "/datasets/bench-ok-s3/";

    Request s3Notification() {
        String key = S3_OK_DIR.substring("/datasets/".length()) + "o" + (counter++) + ".bin";
        long size = random.nextInt(1 << 20);
        String time = Instant.parse("2026-06-01T00:00:00Z").plusSeconds(random.nextInt(1_000_000)).toString();
        String sequencer = Long.toHexString(random.nextLong() >>> 4).toUpperCase();
        int pick = random.nextInt(12);
        String kind = "valid";
        Expect expect = Expect.ACCEPT;
        switch (pick) {
            case 0 -> { key = "../../etc/passwd"; kind = "key with .."; expect = Expect.REFUSE; }
            case 1 -> { key = "a%00b"; kind = "key with NUL"; expect = Expect.REFUSE; }
            case 2 -> { size = -5; kind = "size negative"; expect = Expect.REFUSE; }
            case 3 -> { size = Long.MAX_VALUE; kind = "size Long.MAX"; expect = Expect.REFUSE; }
            case 4 -> { time = "+999999999-12-31T23:59:59Z"; kind = "eventTime year 999999999"; expect = Expect.REFUSE; }
            case 5 -> { time = "soon"; kind = "eventTime garbage"; expect = Expect.REFUSE; }
            case 6 -> { key = "k".repeat(5000); kind = "key 5000 chars"; expect = Expect.REFUSE; }
            default -> { }
        }
        String body = "{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\",\"eventTime\":" + JSON.valueToTree(time)
                + ",\"s3\":{\"bucket\":{\"name\":\"archive\"},\"object\":{\"key\":" + JSON.valueToTree(key)
                + ",\"size\":" + size + ",\"eTag\":\"" + Long.toHexString(random.nextLong()) + "\",\"sequencer\":\"" + sequencer + "\"}}}]}";
        if (pick == 7) {
            body = body.substring(0, random.nextInt(body.length()));
            kind = "truncated JSON";
            expect = Expect.REFUSE;
        } else if (pick == 8) {
            body = "{\"Records\": 7}";
            kind = "Records not an array";
            expect = Expect.REFUSE;
        }
        return post("s3-notifications", kind, expect, "/v1/s3-notifications", body);
    }

    Request query() {
        int pick = random.nextInt(14);
        return switch (pick) {
            case 0 -> sql("valid: path IN", Expect.ACCEPT, "SELECT path FROM files WHERE path IN ('" + HostileEvents.OK_DIR
                    + "a', '" + HostileEvents.OK_DIR + "b')");
            case 1 -> sql("valid: path = A OR path = B", Expect.ACCEPT, "SELECT path FROM instances WHERE path = '"
                    + READABLE + "' OR path = '/datasets/x'");
            case 2 -> sql("valid: count", Expect.ACCEPT, "SELECT count(*) FROM files");
            case 3 -> sql("valid: prefix", Expect.ACCEPT, "SELECT path, size FROM files WHERE path LIKE '/datasets/bench-ok/e1%'");
            case 4 -> sql("not a SELECT", Expect.REFUSE, random.nextBoolean() ? "DROP TABLE files" : "INSERT INTO files VALUES (1)");
            case 5 -> sql("syntax error", Expect.REFUSE, "SELEC path FROM files WHERE");
            case 6 -> sql("unknown table", Expect.REFUSE, "SELECT * FROM passwd");
            case 7 -> sql("deep parentheses", Expect.EITHER, "SELECT " + "(".repeat(3000) + "1" + ")".repeat(3000));
            case 8 -> sql("100k-char literal", Expect.EITHER, "SELECT count(*) FROM files WHERE path = '" + "a".repeat(100_000) + "'");
            case 9 -> sql("random bytes", Expect.REFUSE, randomText(200));
            case 10 -> sql("two statements", Expect.REFUSE, "SELECT 1; SELECT 2");
            case 11 -> post("query", "body not JSON", Expect.REFUSE, "/v1/query", "{sql: SELECT 1");
            case 12 -> post("query", "sql missing", Expect.REFUSE, "/v1/query", "{\"format\":\"json\"}");
            default -> post("query", "sql not a string", Expect.REFUSE, "/v1/query", "{\"sql\": [1,2]}");
        };
    }

    /** A query that would run for ever without a limit; only a few per run, the server must cut each one. */
    Request runaway(int i) {
        return i % 2 == 0
                ? sql("runaway: recursive", Expect.REFUSE, "WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n+1 FROM t) SELECT count(*) FROM t")
                : sql("runaway: cross join", Expect.REFUSE, "SELECT count(*) FROM files a, files b, files c, files d");
    }

    Request read() {
        String content = "/v1/files" + READABLE + "/content";
        int pick = random.nextInt(16);
        return switch (pick) {
            case 0, 1 -> get("valid: range", Expect.ACCEPT, content, Map.of("Range", "bytes=" + random.nextInt(1000) + "-" + (1000 + random.nextInt(1000))), null);
            case 2 -> get("valid: whole file", Expect.ACCEPT, content, Map.of(), null);
            case 3 -> get("range past the end", Expect.REFUSE, content, Map.of("Range", "bytes=" + (READABLE_SIZE + 10) + "-"), null);
            case 4 -> get("range 20 digits", Expect.EITHER, content, Map.of("Range", "bytes=0-99999999999999999999"), null);
            case 5 -> get("range Long.MIN suffix", Expect.EITHER, content, Map.of("Range", "bytes=-9223372036854775808"), null);
            case 6 -> get("range garbage", Expect.EITHER, content, Map.of("Range", "bytes=" + randomAscii(20)), null);
            case 7 -> get("range 1000 parts", Expect.EITHER, content, Map.of("Range", "bytes=" + "0-1,".repeat(1000) + "2-3"), null);
            case 8 -> get("leaf symlink to /etc/passwd", Expect.REFUSE, "/v1/files" + LEAF_LINK + "/content", Map.of(), "root:");
            case 9 -> get("file below a symlinked directory", Expect.REFUSE, "/v1/files" + UNDER_DIR_LINK + "/content", Map.of(), "root:");
            case 10 -> get("encoded ..", Expect.REFUSE, "/v1/files/datasets/%2e%2e/%2e%2e/etc/passwd/content", Map.of(), "root:");
            case 11 -> get("encoded NUL", Expect.REFUSE, "/v1/files/datasets/a%00b/content", Map.of(), null);
            case 12 -> get("no such file", Expect.REFUSE, "/v1/files/datasets/nope-" + random.nextInt(1000) + "/content", Map.of(), null);
            case 13 -> get("ls outside", Expect.EITHER, "/v1/ls?path=%2Fetc%2F", Map.of(), null);
            case 14 -> get("ls with ..", Expect.REFUSE, "/v1/ls?path=%2Fdatasets%2F..%2F..%2F", Map.of(), null);
            default -> get("5000-char path", Expect.REFUSE, "/v1/files/datasets/" + "p".repeat(5000) + "/content", Map.of(), null);
        };
    }

    Request write() {
        int pick = random.nextInt(16);
        String tagBody = "{\"path\":\"" + HostileEvents.OK_DIR + "\",\"set\":{\"bench\":\"t" + random.nextInt(100) + "\"}}";
        return switch (pick) {
            case 0, 1 -> post("writes", "valid: tag directory", Expect.ACCEPT, "/v1/tags", tagBody);
            case 2 -> typed("tag as form-encoded", "application/x-www-form-urlencoded", "/v1/tags", tagBody);
            case 3 -> typed("tag as text/plain", "text/plain", "/v1/tags", tagBody);
            case 4 -> withHeaders("tag from a foreign Origin", "/v1/tags", tagBody, Map.of("Origin", "http://evil.example"));
            case 5 -> post("writes", "tag path with ..", Expect.REFUSE, "/v1/tags", "{\"path\":\"/datasets/../etc/\",\"set\":{\"a\":\"b\"}}");
            case 6 -> post("writes", "tag key 100k chars", Expect.REFUSE, "/v1/tags", "{\"path\":\"" + HostileEvents.OK_DIR
                    + "\",\"set\":{\"" + "k".repeat(100_000) + "\":\"v\"}}");
            case 7 -> post("writes", "policy with unknown silo", Expect.REFUSE, "/v1/policies",
                    "{\"policies\":[{\"name\":\"bad\",\"when\":\"true\",\"place\":{\"silos\":[\"nope\"]}}]}");
            case 8 -> post("writes", "policy with bad CEL", Expect.REFUSE, "/v1/policies",
                    "{\"policies\":[{\"name\":\"bad\",\"when\":\"tags.(\",\"place\":{\"tier\":\"nvme\"}}]}");
            case 9 -> post("writes", "policy body garbage", Expect.REFUSE, "/v1/policies", randomText(300));
            case 10 -> post("writes", "staging without site", Expect.REFUSE, "/v1/staging", "{\"job\":\"j\",\"prefixes\":[\"/datasets/\"]}");
            case 11 -> post("writes", "staging deadline garbage", Expect.REFUSE, "/v1/staging",
                    "{\"job\":\"j\",\"site\":\"gpu-east\",\"prefixes\":[\"/datasets/bench-ok/\"],\"deadline\":\"+999999999-01-01T00:00:00Z\"}");
            case 12 -> post("writes", "drain of unknown silo", Expect.REFUSE, "/v1/silos/nope" + random.nextInt(100) + "/drain", "{}");
            case 13 -> post("writes", "tag body 2 MiB", Expect.REFUSE, "/v1/tags", "{\"path\":\"" + "a".repeat(2 << 20) + "\"}");
            case 14 -> post("writes", "tag body not JSON", Expect.REFUSE, "/v1/tags", "path=/datasets/&set=x");
            default -> post("writes", "tag body JSON array", Expect.REFUSE, "/v1/tags", "[1,2,3]");
        };
    }

    /** A valid single-item {@code POST /v1/events} body, or a refused one, from a generated line. */
    Request event(HostileEvents.Line line) {
        String body = line.json().startsWith("[") ? line.json() : "[" + line.json() + "]";
        return post("events", line.kind(), line.valid() ? Expect.ACCEPT : Expect.REFUSE, "/v1/events", body);
    }

    private Request sql(String kind, Expect expect, String sql) {
        ObjectNode body = JSON.createObjectNode().put("sql", sql).put("format", "json");
        return post("query", kind, expect, "/v1/query", body.toString());
    }

    private Request typed(String kind, String type, String path, String body) {
        return new Request("writes", kind, Expect.REFUSE, "POST", path, type, Map.of(), bytes(body), null);
    }

    private Request withHeaders(String kind, String path, String body, Map<String, String> headers) {
        return new Request("writes", kind, Expect.REFUSE, "POST", path, JSON_TYPE, headers, bytes(body), null);
    }

    private static Request post(String channel, String kind, Expect expect, String path, String body) {
        return new Request(channel, kind, expect, "POST", path, JSON_TYPE, Map.of(), bytes(body), null);
    }

    private static Request get(String kind, Expect expect, String path, Map<String, String> headers, String forbidden) {
        return new Request("reads", kind, expect, "GET", path, null, headers, null, forbidden);
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        List<String> alphabet = List.of("'", "\"", ";", "--", "/*", "\\", "\u0000", "é", "日", "\n", " ", "SELECT", "(", ")", "%", "{", "}");
        while (text.length() < length) {
            text.append(random.nextInt(3) == 0 ? alphabet.get(random.nextInt(alphabet.size())) : (char) (' ' + random.nextInt(95)));
        }
        return text.toString();
    }

    /** Printable ASCII only: what an HTTP header can carry. */
    private String randomAscii(int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append((char) ('!' + random.nextInt(94)));
        }
        return text.toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
