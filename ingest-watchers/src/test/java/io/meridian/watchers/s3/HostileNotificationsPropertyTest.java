package io.meridian.watchers.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.schemas.FileEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Hostile bucket notifications (issue #13): records built from pools of labelled values (the label
 * is the reference: whether the value is valid by FileEventRules' documented bounds). Parsing never
 * throws, every record of the bucket is either an event or a rejection naming its index, and a record
 * is an event exactly when all its values are valid. Seed printed by jqwik; replay with
 * {@code @Property(seed = "...")}.
 */
class HostileNotificationsPropertyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    /** A value as it is written into the record's JSON, and whether it is valid. */
    record Labelled(String json, boolean valid) {
    }

    record Notification(List<Map<String, Labelled>> records) {
        boolean valid(int i) {
            return records.get(i).values().stream().allMatch(Labelled::valid);
        }

        String json() {
            List<String> out = new ArrayList<>();
            for (Map<String, Labelled> r : records) {
                String object = "\"key\":" + r.get("key").json() + (r.get("size").json() == null ? "" : ",\"size\":" + r.get("size").json())
                        + (r.get("eTag").json() == null ? "" : ",\"eTag\":" + r.get("eTag").json())
                        + (r.get("sequencer").json() == null ? "" : ",\"sequencer\":" + r.get("sequencer").json());
                out.add("{\"eventName\":" + r.get("eventName").json() + ",\"eventTime\":" + r.get("eventTime").json()
                        + ",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{" + object + "}}}");
            }
            return "{\"Records\":[" + String.join(",", out) + "]}";
        }
    }

    private static Arbitrary<Labelled> pool(Object... valueAndLabel) {
        List<Labelled> values = new ArrayList<>();
        for (int i = 0; i < valueAndLabel.length; i += 2) {
            values.add(new Labelled((String) valueAndLabel[i], (Boolean) valueAndLabel[i + 1]));
        }
        return Arbitraries.of(values);
    }

    @Provide
    Arbitrary<Notification> notifications() {
        Arbitrary<Map<String, Labelled>> record = Combinators.combine(
                pool("\"s3:ObjectCreated:Put\"", true, "\"ObjectRemoved:Delete\"", true, "null", false),
                pool("\"2026-11-30T00:00:00Z\"", true, "\"1970-01-01T00:00:00Z\"", true, "\"+999999999-12-31T23:59:59Z\"", false,
                        "\"-999999999-01-01T00:00:00Z\"", false, "\"2200-01-01T00:00:00Z\"", false, "\"1969-12-31T23:59:59Z\"", false,
                        "\"yesterday\"", false, "12", false),
                pool("\"a/b.bin\"", true, "\"caf%C3%A9+1.bin\"", true, "\"a/../etc\"", false, "\"a%00b\"", false, "\"a/\"", false,
                        "\"a//b\"", false, "\"%zz\"", false, "\"" + "k".repeat(5000) + "\"", false),
                pool(null, true, "0", true, "9007199254740992", true, "9007199254740993", false, "-5", false, "\"12\"", false,
                        "9223372036854775807", false, "1.5", false, "99999999999999999999", false),
                pool(null, true, "\"abc\"", true, "\"" + "e".repeat(300) + "\"", false),
                pool(null, true, "\"0055AED6DCD90281E5\"", true, "\"\"", true, "\"not hex\"", true, "\"" + "F".repeat(64) + "\"", true,
                        "\"" + "F".repeat(65) + "\"", false))
                .as((name, time, key, size, etag, seq) -> {
                    Map<String, Labelled> r = new LinkedHashMap<>();
                    r.put("eventName", name);
                    r.put("eventTime", time);
                    r.put("key", key);
                    // size and eTag are read for uploads only; a delete ignores them
                    boolean upload = name.json().contains("Created");
                    r.put("size", upload ? size : new Labelled(size.json(), true));
                    r.put("eTag", upload ? etag : new Labelled(etag.json(), true));
                    r.put("sequencer", seq);
                    return r;
                });
        return record.list().ofMinSize(1).ofMaxSize(8).map(Notification::new);
    }

    @Property(tries = 300)
    void everyRecordIsAnEventExactlyWhenValidOrARejectionWithItsIndex(@ForAll("notifications") Notification notification) {
        S3Notifications parser = new S3Notifications("b", new S3Keys("b", null, "/lake"), CLOCK);

        S3Notifications.Result result = parser.parse(notification.json());

        List<Integer> bad = new ArrayList<>();
        for (int i = 0; i < notification.records().size(); i++) {
            if (!notification.valid(i)) {
                bad.add(i);
            }
        }
        assertThat(result.rejected()).extracting(r -> r.substring(0, r.indexOf(']') + 1))
                .containsExactlyElementsOf(bad.stream().map(i -> "Records[" + i + "]").toList());
        assertThat(result.rejected()).allSatisfy(r -> assertThat(r).matches("Records\\[\\d+\\]: .*\\S.*"));
        assertThat(result.events()).hasSize(notification.records().size() - bad.size());
        assertThat(result.events()).allSatisfy(e -> assertThat(e.getPath()).startsWith("/lake/"))
                .extracting(FileEvent::getSize).allSatisfy(s -> assertThat(s).isBetween(0L, 1L << 53));
    }

    @Property(tries = 200)
    void neverThrowsOnArbitraryText(@ForAll @Size(max = 200) String text) {
        S3Notifications parser = new S3Notifications("b", new S3Keys("b", null, "/lake"), CLOCK);
        assertThat(parser.parse(text).events()).isEmpty();
    }
}
