package io.meridian.watchers.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generated hook lines for the hostile-input suite: a valid event, then 0 to 3 fields set to values
 * from a hostile pool (huge and negative numbers, overflowing dates, bad sequencers, long strings,
 * paths with '..', NUL or outside the mount, wrong types, unknown fields) or removed, then trailing
 * text; or a truncated line. {@link ReferenceEvent} says which are valid.
 */
final class HostileLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line: the fields it was written from (null for a truncated line), and its text. */
    record Line(Map<String, Object> fields, String text, boolean valid) {
    }

    private static final List<String> MUTABLE = List.of("path", "silo", "type", "fileType", "previousPath", "size", "mtime",
            "mode", "owner", "fileKey", "etag", "versionId", "crc32c", "symlinkTarget", "sequencer", "observedAt", "message",
            "sise", "group");
    private static final List<Object> HOSTILE = Arrays.asList(
            null, true, 1.5, "x", "", List.of(), Map.of(), 0, -1, -5L, 42, 0644, "0644", "0999", 0100644, 4294967716L,
            1L << 53, (1L << 53) + 1, Long.MAX_VALUE, Long.MIN_VALUE, 0xFFFF_FFFFL, 1L << 32,
            new BigInteger("99999999999999999999"), new BigDecimal("1e400"), -99_999_999_999_999_999L,
            "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "2026-01-31T12:00:00Z", "1969-12-31T23:59:59Z",
            "1970-01-01T00:00:00Z", "2200-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "yesterday", 1_769_860_800_000L,
            "1769860800000000-7", "99999999999999999-1", "1769860800000000-", "-0-0", "1769860800000000-a b",
            "7258118400000000-1", "1769860800000000-" + "f".repeat(64), "1769860800000000-" + "f".repeat(65),
            "1769860800000000-ABC", "upsert", "DELETE", "RENAME", "unreadable", "FROB", "symlink",
            "/datasets/ok/b.bin", "/datasets/../etc/passwd", "/datasets/a\u0000b", "/etc/passwd", "/datasets", "/datasets/",
            "datasets/x", "/datasets//x", "/datasets/" + "p".repeat(5000), "/datasets/caf\u00e9 \uD83D\uDE00.bin",
            "nas", "lake", "tape", "NAS", "alice", "a\u001b[2J", "x".repeat(257), "x".repeat(1025), "x".repeat(5000),
            "x".repeat(9000), "line1\nline2");
    private static final List<String> SUFFIXES = List.of("", "", "", " ", "\t", " \r", " x", "{}", "}", ",", "[1]", "\u0000", "//");

    private HostileLines() {
    }

    static Arbitrary<Line> lines() {
        return Arbitraries.frequencyOf(Tuple.of(8, mutated()), Tuple.of(1, truncated()));
    }

    /** Valid or mutated events without trailing text: the items of a {@code POST /v1/events} body. */
    static Arbitrary<Map<String, Object>> items() {
        return Combinators.combine(valid(), mutations()).as(HostileLines::apply);
    }

    private static Arbitrary<Line> mutated() {
        return Combinators.combine(items(), Arbitraries.of(SUFFIXES)).as((fields, suffix) -> {
            boolean blank = suffix.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\r');
            return new Line(fields, write(fields) + suffix, blank && ReferenceEvent.valid(fields));
        });
    }

    private static Arbitrary<Line> truncated() {
        return valid().flatMap(fields -> {
            String text = write(fields);
            return Arbitraries.integers().between(1, text.length() - 1).map(n -> new Line(null, text.substring(0, n), false));
        });
    }

    private record Mutation(String field, boolean remove, Object value) {
    }

    private static Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.of(MUTABLE), Arbitraries.integers().between(0, 9),
                Arbitraries.of(HOSTILE)).as((field, roll, value) -> new Mutation(field, roll == 0, value));
        return one.list().ofMinSize(0).ofMaxSize(3);
    }

    private static Map<String, Object> apply(Map<String, Object> valid, List<Mutation> mutations) {
        Map<String, Object> fields = new LinkedHashMap<>(valid);
        for (Mutation m : mutations) {
            if (m.remove()) {
                fields.remove(m.field());
            } else {
                fields.put(m.field(), m.value());
            }
        }
        return fields;
    }

    /** A valid event: an UPSERT, DELETE or RENAME of a path under its silo's mount, with in-range values. */
    static Arbitrary<Map<String, Object>> valid() {
        Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        Arbitrary<Long> size = Arbitraries.oneOf(Arbitraries.longs().between(0, 1L << 53), Arbitraries.of(0L, 1L << 53));
        Arbitrary<Object> mtime = Arbitraries.oneOf(Arbitraries.longs().between(0, 253_402_300_799_999L).map(m -> (Object) m),
                Arbitraries.of("2026-01-31T12:00:00Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"));
        Arbitrary<String> sequencer = Combinators.combine(Arbitraries.longs().between(0, 1_764_633_600_000_000L),
                Arbitraries.strings().withCharRange('0', '9').withCharRange('a', 'z').ofMinLength(1).ofMaxLength(64))
                .as((micros, tiebreak) -> String.format("%016d-%s", micros, tiebreak));
        return Combinators.combine(Arbitraries.of("nas", "lake"), name.list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.of("UPSERT", "DELETE", "RENAME"), size, mtime, sequencer.injectNull(0.5),
                Arbitraries.integers().between(0, 07777).injectNull(0.5))
                .as((silo, segments, type, bytes, time, seq, mode) -> {
                    String path = ReferenceEvent.MOUNTS.get(silo).replaceAll("/$", "") + "/" + String.join("/", segments);
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("silo", silo);
                    fields.put("path", path);
                    fields.put("type", type);
                    fields.put("size", bytes);
                    fields.put("mtime", time);
                    if (type.equals("RENAME")) {
                        fields.put("previousPath", path + ".old");
                    }
                    if (seq != null) {
                        fields.put("sequencer", seq);
                    }
                    if (mode != null) {
                        fields.put("mode", mode);
                    }
                    return fields;
                });
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
