package io.meridian.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * Generated storage-hook events (the JSON of {@code meridian publish} and {@code POST /v1/events}):
 * about one in five valid, the rest each broken in one way that no reading of the README could call
 * valid. The label is decided here, by construction, not by asking Meridian: a valid event is an
 * UPSERT of a new path under {@value #OK_DIR} with ordinary values, so the run can also check that
 * every valid one lands.
 */
final class HostileEvents {
    /** Valid events go below this directory of the {@code nas} silo (mounted at /datasets), one path each. */
    static final String OK_DIR = "/datasets/bench-ok/";
    /** Invalid ones below this one, so that what lands under {@link #OK_DIR} can be counted. */
    static final String BAD_DIR = "/datasets/bench-bad/";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUGE = "x".repeat(100_000);

    /** One generated line: its text, whether it is valid, and which mutation made it (for the report). */
    record Line(String kind, boolean valid, String json) {
    }

    private record Mutation(String kind, BiConsumer<ObjectNode, Random> change) {
    }

    private static final List<Mutation> MUTATIONS = List.of(
            new Mutation("size negative", (e, r) -> e.put("size", -1 - r.nextInt(1000))),
            new Mutation("size above 2^53", (e, r) -> e.put("size", (1L << 53) + 1 + (r.nextLong() >>> 12))),
            new Mutation("size Long.MAX", (e, r) -> e.put("size", Long.MAX_VALUE)),
            new Mutation("size not a number", (e, r) -> e.put("size", "12ab")),
            new Mutation("size 1e400", (e, r) -> e.set("size", JSON.getNodeFactory().numberNode(new java.math.BigDecimal("1e400")))),
            new Mutation("mtime year 999999999", (e, r) -> e.put("mtime", "+999999999-12-31T23:59:59Z")),
            new Mutation("mtime far negative", (e, r) -> e.put("mtime", -99_999_999_999_999_999L)),
            new Mutation("mtime garbage", (e, r) -> e.put("mtime", "yesterday")),
            new Mutation("sequencer 17 digits", (e, r) -> e.put("sequencer", "99999999999999999-1")),
            new Mutation("sequencer empty tiebreak", (e, r) -> e.put("sequencer", micros(r) + "-")),
            new Mutation("sequencer -0-0", (e, r) -> e.put("sequencer", "-0-0")),
            new Mutation("sequencer space in tiebreak", (e, r) -> e.put("sequencer", micros(r) + "-a b")),
            new Mutation("sequencer year 2200", (e, r) -> e.put("sequencer", "7258118400000000-1")),
            new Mutation("owner 100k chars", (e, r) -> e.put("owner", HUGE)),
            new Mutation("etag 100k chars", (e, r) -> e.put("etag", HUGE)),
            new Mutation("path with ..", (e, r) -> e.put("path", BAD_DIR + "../../etc/passwd")),
            new Mutation("path with NUL", (e, r) -> e.put("path", BAD_DIR + "a\u0000b")),
            new Mutation("path outside mount", (e, r) -> e.put("path", "/etc/passwd-" + r.nextInt(1000))),
            new Mutation("path relative", (e, r) -> e.put("path", "datasets/x" + r.nextInt(1000))),
            new Mutation("path 5000 chars", (e, r) -> e.put("path", BAD_DIR + "p".repeat(5000))),
            new Mutation("unknown silo", (e, r) -> e.put("silo", "nope" + r.nextInt(10))),
            new Mutation("unknown type", (e, r) -> e.put("type", "FROB")),
            new Mutation("rename without previousPath", (e, r) -> e.put("type", "RENAME")),
            new Mutation("rename from outside mount", (e, r) -> e.put("type", "RENAME").put("previousPath", "/etc/shadow")),
            new Mutation("silo missing", (e, r) -> e.remove("silo")),
            new Mutation("path missing", (e, r) -> e.remove("path")));

    private final Random random;
    private long counter;

    HostileEvents(Random random) {
        this.random = random;
    }

    /** The next line: valid about one time in five, else one mutation or a broken text. */
    Line next() {
        ObjectNode event = valid();
        int pick = random.nextInt(MUTATIONS.size() + 10);
        if (pick < 6) {
            return new Line("valid", true, event.toString());
        }
        if (pick < 10) {
            event.put("path", event.get("path").asText().replace(OK_DIR, BAD_DIR));
            return broken(event.toString(), pick);
        }
        Mutation mutation = MUTATIONS.get(pick - 10);
        event.put("path", event.get("path").asText().replace(OK_DIR, BAD_DIR));
        mutation.change().accept(event, random);
        return new Line(mutation.kind(), false, event.toString());
    }

    private Line broken(String json, int pick) {
        return switch (pick) {
            case 6 -> new Line("trailing garbage", false, json + " {\"x\":1}");
            case 7 -> new Line("truncated JSON", false, json.substring(0, 1 + random.nextInt(json.length() - 1)));
            case 8 -> new Line("deep nesting", false, "[".repeat(5000) + "]".repeat(5000));
            default -> new Line("not an object", false, random.nextBoolean() ? "42" : "\"nas\"");
        };
    }

    /** A valid UPSERT of a path never used before, with ordinary optional fields now and then. */
    ObjectNode valid() {
        ObjectNode event = JSON.createObjectNode()
                .put("silo", "nas")
                .put("path", OK_DIR + "e" + (counter++) + "-" + Long.toHexString(random.nextLong()) + ".bin")
                .put("type", "UPSERT")
                .put("size", (long) random.nextInt(1 << 30))
                .put("mtime", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(20_000_000)).toString());
        if (random.nextBoolean()) {
            event.put("mode", "0644").put("owner", "alice");
        }
        return event;
    }

    private static String micros(Random random) {
        return String.format("%016d", 1_700_000_000_000_000L + (random.nextLong() >>> 20));
    }
}
