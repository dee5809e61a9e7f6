package io.meridian.watchers.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.events.Sequencer;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Notification JSON as AWS and MinIO send it (fixtures in src/test/resources/s3, sources in SOURCES.md). */
class S3NotificationsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    static String fixture(String name) throws IOException {
        try (InputStream in = S3NotificationsTest.class.getResourceAsStream("/s3/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldNormaliseAnAwsPutWithADecodedKeyAndItsSequencer() throws Exception {
        S3Notifications parser = new S3Notifications("cloud", new S3Keys("amzn-s3-demo-bucket", "datasets/", "/lake"), CLOCK);

        S3Notifications.Result result = parser.parse(fixture("aws-put.json"));

        assertThat(result.rejected()).isEmpty();
        FileEvent put = result.events().get(0);
        assertThat(put.getPath()).isEqualTo("/lake/Happy Face(2).jpg");
        assertThat(put.getType()).isEqualTo(FileEventType.UPSERT);
        assertThat(put.getSize()).isEqualTo(1024);
        assertThat(put.getEtag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(put.getVersionId()).isEqualTo("096fKKXTRTtl3on89fVO.nfljtsv6qko");
        assertThat(put.getSequencer()).isEqualTo(Sequencer.of(Instant.EPOCH, "0055AED6DCD90281E5"));
        assertThat(put.getSource()).isEqualTo(EventSource.S3_NOTIFICATION);
        assertThat(put.getSilo()).isEqualTo("cloud");
    }

    @Test
    void shouldOrderMinioRecordsBySequencerAndMapDeletes() throws Exception {
        S3Notifications parser = new S3Notifications("images", new S3Keys("images", null, "/img"), CLOCK);

        S3Notifications.Result result = parser.parse(fixture("minio-kafka.json"));

        assertThat(result.rejected()).isEmpty();
        assertThat(result.events()).extracting(e -> e.getType() + " " + e.getPath())
                .containsExactly("UPSERT /img/cats/myphoto.jpg", "DELETE /img/cats/old cat.jpg");
        assertThat(result.events().get(0).getSize()).isEqualTo(200436);
    }

    @Test
    void shouldIgnoreOtherBucketsKeysOutsideThePrefixAndTheTestEvent() throws Exception {
        S3Notifications other = new S3Notifications("x", new S3Keys("another-bucket", null, "/x"), CLOCK);
        S3Notifications narrow = new S3Notifications("x", new S3Keys("amzn-s3-demo-bucket", "elsewhere", "/x"), CLOCK);

        assertThat(other.parse(fixture("aws-put.json")).events()).isEmpty();
        assertThat(narrow.parse(fixture("aws-put.json")).events()).isEmpty();
        S3Notifications.Result test = other.parse(fixture("aws-test-event.json"));
        assertThat(test.events()).isEmpty();
        assertThat(test.rejected()).isEmpty();
    }

    @Test
    void shouldRejectRecordsThatAreMalformedOrEscapeTheNamespace() {
        S3Notifications parser = new S3Notifications("b", new S3Keys("b", null, "/b"), CLOCK);
        String record = "{\"eventName\":\"s3:ObjectCreated:Put\",\"eventTime\":\"%s\",\"s3\":{\"bucket\":{\"name\":\"b\"},"
                + "\"object\":{\"key\":\"%s\",\"size\":1}}}";

        S3Notifications.Result result = parser.parse("{\"Records\":[" + String.format(record, "2026-01-01T00:00:00Z", "a/..%2Fetc")
                + "," + String.format(record, "yesterday", "ok") + "," + String.format(record, "2026-01-01T00:00:00Z", "fine") + "]}");

        assertThat(result.events()).extracting(FileEvent::getPath).containsExactly("/b/fine");
        assertThat(result.rejected()).hasSize(2);
        assertThat(result.rejected().get(0)).startsWith("Records[0]").contains("'..'");
        assertThat(result.rejected().get(1)).startsWith("Records[1]").contains("eventTime");
        assertThat(parser.parse("not json").rejected()).singleElement().asString().startsWith("not JSON");
    }

    @Test
    void shouldRefuseOutOfRangeRecordsWithAReasonAndKeepTheGoodOnes() {
        S3Notifications parser = new S3Notifications("b", new S3Keys("b", null, "/b"), CLOCK);
        String record = "{\"eventName\":\"s3:ObjectCreated:Put\",\"eventTime\":\"%s\",\"s3\":{\"bucket\":{\"name\":\"b\"},"
                + "\"object\":{\"key\":\"%s\",\"size\":%s,\"eTag\":\"%s\",\"sequencer\":\"%s\"}}}";
        String ok = "2026-01-01T00:00:00Z";

        S3Notifications.Result result = parser.parse("{\"Records\":[" + String.join(",",
                String.format(record, "+999999999-12-31T23:59:59Z", "a", 1, "e", "0A"),
                String.format(record, "2200-01-01T00:00:00Z", "b", 1, "e", "0A"),
                String.format(record, ok, "c", Long.MAX_VALUE, "e", "0A"),
                String.format(record, ok, "d", "\"12\"", "e", "0A"),
                String.format(record, ok, "e", 1, "x".repeat(300), "0A"),
                String.format(record, ok, "f", 1, "e", "F".repeat(65)),
                String.format(record, ok, "fine", 1, "e", "not hex")) + "]}");

        assertThat(result.rejected()).containsExactly(
                "Records[0]: 'eventTime' +999999999-12-31T23:59:59Z is out of range 1970-01-01T00:00:00Z..2026-01-02T00:00:00Z",
                "Records[1]: 'eventTime' 2200-01-01T00:00:00Z is out of range 1970-01-01T00:00:00Z..2026-01-02T00:00:00Z",
                "Records[2]: 'size' 9223372036854775807 is out of range 0..9007199254740992 (2^53)",
                "Records[3]: 'size' must be an integer",
                "Records[4]: 'etag' is 300 characters long; at most 256 are allowed",
                "Records[5]: 'sequencer' '1767225600000000-fffffffffffffffffffffff...' is not <16-digit epoch micros>-<tiebreak of 1..64"
                        + " characters [0-9a-z]>, e.g. 1769860800000000-7");
        assertThat(result.events()).singleElement().satisfies(e -> assertThat(e.getSequencer()).isEqualTo("1767225600000000-0"));
    }
}
