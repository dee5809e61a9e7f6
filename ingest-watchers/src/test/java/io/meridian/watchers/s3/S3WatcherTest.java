package io.meridian.watchers.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.S3Endpoint;
import io.meridian.config.SiloConfig;
import io.meridian.devstack.s3.EmbeddedS3;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.Tier;
import io.meridian.storage.PendingWrite;
import io.meridian.storage.S3Clients;
import io.meridian.storage.WriteOptions;
import io.meridian.storage.s3.S3SiloStore;
import io.meridian.watchers.publish.RecordingSink;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The S3 watcher against the embedded S3Proxy: listing reconciliation, restart, webhook messages. */
@Timeout(60)
@Tag("integration")
class S3WatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static EmbeddedS3 s3;
    private static MinioClient client;
    private static int buckets;

    @TempDir
    Path tmp;

    private final RecordingSink sink = new RecordingSink();
    private S3Watcher watcher;
    private String bucket;

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.builder().port(0).build().start();
        client = S3Clients.create(new S3Endpoint(s3.endpoint(), s3.accessKey(), s3.secretKey()));
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private SiloConfig silo(String prefix) {
        return new SiloConfig("archive", SiloKind.S3, null, "embedded", bucket, prefix, "/datasets", "cloud", Tier.ARCHIVE,
                1L << 40, 0, 0, 0.85, 0.7, null, Map.of());
    }

    private S3Watcher start(String prefix) throws Exception {
        watcher = new S3Watcher(silo(prefix), client, S3WatcherSettings.defaults(), sink, tmp.resolve("archive.s3.checkpoint"),
                NotificationSource.NONE, () -> { });
        watcher.pageSize(3);
        watcher.start();
        assertThat(watcher.awaitInitialListing(WAIT)).isTrue();
        return watcher;
    }

    private void newBucket() {
        bucket = "watch-" + (++buckets);
        s3.createBucket(bucket);
    }

    private static void put(String bucket, String key, int size) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(new byte[size]), size, -1).build());
    }

    @Test
    void shouldPublishEveryObjectUnderThePrefixAcrossPages() throws Exception {
        newBucket();
        for (int i = 0; i < 8; i++) {
            put(bucket, "data/part-" + i + ".bin", 10 + i);
        }
        put(bucket, "other/ignored.bin", 1);

        start("data/");

        assertThat(sink.events()).hasSize(8).allMatch(e -> e.getSource() == EventSource.S3_LIST);
        FileEvent first = sink.eventsFor("/datasets/part-0.bin").get(0);
        assertThat(first.getSize()).isEqualTo(10);
        assertThat(first.getEtag()).isNotBlank().doesNotContain("\"");
        assertThat(first.getMtime()).isNotNull();
    }

    @Test
    void shouldPublishTheChecksumAndMtimeMeridianWroteWithAnObject() throws Exception {
        newBucket();
        byte[] data = new byte[100];
        client.putObject(PutObjectArgs.builder().bucket(bucket).object("copied.bin").userMetadata(Map.of(
                "meridian-crc32c", "12345", "meridian-mtime", "1700000000000"))
                .stream(new ByteArrayInputStream(data), data.length, -1).build());
        put(bucket, "foreign.bin", 100);

        start(null);

        FileEvent copied = sink.eventsFor("/datasets/copied.bin").get(0);
        assertThat(copied.getCrc32c()).isEqualTo(12345L);
        assertThat(copied.getMtime().toEpochMilli()).isEqualTo(1700000000000L);
        FileEvent foreign = sink.eventsFor("/datasets/foreign.bin").get(0);
        assertThat(foreign.getCrc32c()).as("another client's object carries no checksum of ours").isNull();
        assertThat(foreign.getMtime().toEpochMilli()).isNotEqualTo(1700000000000L);
    }

    @Test
    void shouldPublishOnlyDifferencesOnReconciliationAndRestart() throws Exception {
        newBucket();
        put(bucket, "a.bin", 1);
        put(bucket, "b.bin", 2);
        put(bucket, "c.bin", 3);
        start(null);
        sink.clear();

        put(bucket, "b.bin", 20);
        client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object("c.bin").build());
        watcher.reconcileNow();
        sink.await(e -> e.getType() == FileEventType.DELETE, WAIT);
        watcher.close(); // joins the watcher's thread: whatever it publishes is in the sink now
        assertThat(sink.events()).extracting(e -> e.getType() + " " + e.getPath())
                .containsExactlyInAnyOrder("UPSERT /datasets/b.bin", "DELETE /datasets/c.bin");

        sink.clear();
        put(bucket, "d.bin", 4);
        start(null);
        assertThat(sink.events()).extracting(e -> e.getType() + " " + e.getPath()).containsExactly("UPSERT /datasets/d.bin");
    }

    @Test
    void shouldPublishWebhookNotificationsOfItsBucket() throws Exception {
        newBucket();
        start(null);
        String message = "{\"Records\":[{\"eventName\":\"s3:ObjectRemoved:Delete\",\"eventTime\":\"2026-01-01T00:00:01Z\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + bucket + "\"},\"object\":{\"key\":\"gone.bin\",\"sequencer\":\"02\"}}},"
                + "{\"eventName\":\"s3:ObjectCreated:Put\",\"eventTime\":\"2026-01-01T00:00:00Z\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + bucket + "\"},\"object\":{\"key\":\"gone.bin\",\"size\":5,\"eTag\":\"abc\",\"sequencer\":\"01\"}}}]}";

        S3Notifications.Result result = watcher.accept(message);

        assertThat(result.events()).hasSize(2);
        sink.await(e -> e.getType() == FileEventType.DELETE && e.getPath().equals("/datasets/gone.bin"), WAIT);
        assertThat(sink.events()).extracting(e -> e.getType() + " " + e.getSource())
                .containsExactly("UPSERT S3_NOTIFICATION", "DELETE S3_NOTIFICATION");
    }

    @Test
    void shouldNeverPublishTempMarkersOrTheEndpointsMultipartStubsAndParts() throws Exception {
        newBucket();
        put(bucket, "a.bin", 1);
        String uuidNamed = "0f1e2d3c-4b5a-4978-8877-665544332211"; // a user's object: not empty, so a file
        put(bucket, uuidNamed, 3);
        put(bucket, ".meridian-tmp-dir-1/inside.bin", 2);
        S3Endpoint endpoint = new S3Endpoint(s3.endpoint(), s3.accessKey(), s3.secretKey());
        try (S3SiloStore store = new S3SiloStore("archive", endpoint, bucket, null, S3SiloStore.MIN_PART_SIZE, 1);
             PendingWrite upload = store.create("train/big.bin", WriteOptions.defaults())) {
            // two parts, both sent, the upload left in progress (as by a mover between its last part and its commit)
            upload.write(ByteBuffer.wrap(new byte[S3SiloStore.MIN_PART_SIZE + 1]));
            upload.persistedCrc32c();
            List<String> bucketKeys = bucketKeys();
            assertThat(bucketKeys).as("what S3Proxy keeps of an upload in progress, in the bucket itself")
                    .anyMatch(k -> k.startsWith(".mpus-") && k.endsWith("train/big.bin-stub"))
                    .anyMatch(k -> k.matches("[0-9a-f-]{36}") && !k.equals(uuidNamed))
                    .anyMatch(k -> k.startsWith("train/.meridian-tmp-"));

            start(null);
            S3Notifications.Result notified = watcher.accept(createdRecords(bucketKeys.stream()
                    .filter(k -> !k.equals("a.bin") && !k.equals(uuidNamed)).toList()));
            List<String> listed = new ArrayList<>();
            store.list("", stat -> listed.add(stat.key()));

            assertThat(sink.events()).extracting(FileEvent::getPath)
                    .containsExactlyInAnyOrder("/datasets/a.bin", "/datasets/" + uuidNamed);
            assertThat(notified.events()).isEmpty();
            assertThat(notified.rejected()).isEmpty();
            assertThat(listed).containsExactlyInAnyOrder("a.bin", uuidNamed);
        }
    }

    /** One ObjectCreated record of an empty object per key. */
    private String createdRecords(List<String> keys) {
        List<String> records = keys.stream().map(key -> "{\"eventName\":\"s3:ObjectCreated:Put\",\"eventTime\":\"2026-01-01T00:00:00Z\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + bucket + "\"},\"object\":{\"key\":\"" + key
                + "\",\"size\":0,\"eTag\":\"abc\",\"sequencer\":\"01\"}}}").toList();
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    private List<String> bucketKeys() throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }
}
