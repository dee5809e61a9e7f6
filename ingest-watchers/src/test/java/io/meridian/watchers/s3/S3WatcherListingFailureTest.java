package io.meridian.watchers.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.S3Endpoint;
import io.meridian.config.SiloConfig;
import io.meridian.devstack.s3.EmbeddedS3;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.SiloKind;
import io.meridian.schemas.Tier;
import io.meridian.storage.S3Clients;
import io.meridian.watchers.publish.RecordingSink;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 watcher over the embedded endpoint's file system backend, where one file without its
 * extended attributes made every ListObjectsV2 of the bucket answer 500 (issue 14, item 9).
 */
@Timeout(60)
@Tag("integration")
class S3WatcherListingFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path tmp;
    private EmbeddedS3 s3;
    private ListingCounter client;
    private S3Watcher watcher;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void startS3() throws Exception {
        s3 = EmbeddedS3.builder().baseDir(tmp.resolve("s3")).build().start();
        s3.createBucket("bucket");
        client = new ListingCounter(S3Clients.create(new S3Endpoint(s3.endpoint(), s3.accessKey(), s3.secretKey())));
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
        s3.close();
    }

    private void start() throws Exception {
        SiloConfig silo = new SiloConfig("archive", SiloKind.S3, null, "embedded", "bucket", null, "/datasets", "cloud",
                Tier.ARCHIVE, 1L << 40, 0, 0, 0.85, 0.7, null, Map.of());
        watcher = new S3Watcher(silo, client, S3WatcherSettings.defaults().withReconcileInterval(Duration.ofSeconds(1)),
                sink, tmp.resolve("archive.s3.checkpoint"), NotificationSource.NONE, () -> { });
        watcher.start();
        assertThat(watcher.awaitInitialListing(WAIT)).isTrue();
    }

    private void put(String key) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket("bucket").object(key)
                .stream(new ByteArrayInputStream(new byte[3]), 3, -1).build());
    }

    /** A file of the bucket's directory without extended attributes. */
    private Path bare(String name) throws Exception {
        Path file = tmp.resolve("s3/bucket").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[100]);
    }

    @Test
    void shouldPublishEveryObjectWhenAKilledWriteLeftPartialFiles() throws Exception {
        put("a.bin");
        put("dir/b.bin");
        Path partialObject = bare("dir/c.bin-" + UUID.randomUUID());
        Path partialPart = bare(".mpus-" + UUID.randomUUID() + "-d.bin-1-" + UUID.randomUUID());

        start();

        assertThat(sink.events()).extracting(e -> e.getType() + " " + e.getPath())
                .containsExactlyInAnyOrder("UPSERT /datasets/a.bin", "UPSERT /datasets/dir/b.bin");
        assertThat(partialObject).doesNotExist();
        assertThat(partialPart).doesNotExist();
    }

    @Test
    void shouldDeleteNothingWhileListingFailsAndCatchUpOnceItWorks() throws Exception {
        put("a.bin");
        put("b.bin");
        put("c.bin");
        start();
        sink.clear();
        Path byHand = bare("zz-by-hand.bin"); // not the endpoint's own partial file: the listing keeps failing
        client.removeObject(RemoveObjectArgs.builder().bucket("bucket").object("c.bin").build());

        int listings = client.listings.get();
        watcher.reconcileNow();
        // an attempt begins only after the one before it ended: wait until two have failed (1 s interval, backed off)
        awaitListings(listings + 3);

        assertThat(sink.events()).noneMatch(e -> e.getType() == FileEventType.DELETE);

        Files.delete(byHand);
        watcher.reconcileNow();
        sink.await(e -> e.getType() == FileEventType.DELETE, WAIT);
        watcher.close(); // joins the watcher's thread: whatever it publishes is in the sink now
        assertThat(sink.events()).extracting(e -> e.getType() + " " + e.getPath()).containsExactly("DELETE /datasets/c.bin");
    }

    private void awaitListings(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (client.listings.get() < count) {
            assertThat(System.nanoTime()).as("ListObjects calls: %d, awaited %d", client.listings.get(), count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Counts the watcher's listings: one ListObjects call per listing, whatever its pages. */
    private static final class ListingCounter extends MinioClient {
        final AtomicInteger listings = new AtomicInteger();

        ListingCounter(MinioClient client) {
            super(client);
        }

        @Override
        public Iterable<Result<Item>> listObjects(ListObjectsArgs args) {
            listings.incrementAndGet();
            return super.listObjects(args);
        }
    }
}
