package io.meridian.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.config.S3Endpoint;
import io.meridian.devstack.s3.EmbeddedS3;
import io.meridian.storage.PendingWrite;
import io.meridian.storage.S3Clients;
import io.meridian.storage.WriteOptions;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Leftovers of aborted and killed multipart writes on the embedded endpoint's file system backend. */
@Timeout(120)
@Tag("integration")
class S3LeftoverSweepTest {
    private static final int PART = S3SiloStore.MIN_PART_SIZE;
    @TempDir
    Path dir;
    private EmbeddedS3 s3;
    private S3SiloStore store;
    private MinioClient client;
    private S3Endpoint endpoint;

    @BeforeEach
    void start() {
        s3 = EmbeddedS3.builder().baseDir(dir).build().start();
        s3.createBucket("bucket");
        endpoint = new S3Endpoint(s3.endpoint(), s3.accessKey(), s3.secretKey());
        store = new S3SiloStore("archive", endpoint, "bucket", "pre/fix", PART, 3);
        client = S3Clients.create(endpoint);
    }

    @AfterEach
    void stop() {
        store.close();
        s3.close();
    }

    private PendingWrite startWrite(String key, int parts) throws IOException {
        PendingWrite write = store.create(key, new WriteOptions(1_500_000_000_000L, 0644, -1, null));
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < parts * PART / chunk.length + 1; i++) {
            write.write(ByteBuffer.wrap(chunk));
        }
        return write;
    }

    private List<String> objects() throws Exception {
        List<String> names = new ArrayList<>();
        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket("bucket").recursive(true).build())) {
            names.add(r.get().objectName());
        }
        return names;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("bucket"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void shouldLeaveNoPartsWhenAMultipartWriteIsAbortedWithPartsInFlight() throws Exception {
        PendingWrite write = startWrite("big.bin", 3); // three parts sent, the fourth buffered
        write.abort();

        assertThat(objects()).isEmpty();
        assertThat(files()).isEmpty();
        assertThat(openUploads()).isEmpty();
    }

    @Test
    void shouldSweepTheMarkerAndPartsOfAKilledMultipartWrite() throws Exception {
        PendingWrite killed = startWrite("dir/killed.bin", 2);
        killed.persistedCrc32c(); // every part stored, never completed nor aborted: what a SIGKILL leaves
        assertThat(objects()).anyMatch(n -> n.startsWith("pre/fix/dir/.meridian-tmp-"))
                .anyMatch(n -> n.startsWith(".mpus-"));

        int removed = store.cleanLeftovers(Duration.ZERO);

        assertThat(removed).isPositive();
        assertThat(objects()).isEmpty();
        assertThat(files()).isEmpty();
    }

    @Test
    void shouldSweepAnUploadWithoutMarkerButNotALiveOne() throws Exception {
        MinioAsyncClient async = S3Clients.createAsync(endpoint, S3Clients.httpClient());
        String uploadId = async.createMultipartUploadAsync("bucket", null, "pre/fix/no-marker.bin", null, null)
                .get().result().uploadId();
        byte[] part = new byte[PART];
        async.uploadPartAsync("bucket", null, "pre/fix/no-marker.bin", part, part.length, uploadId, 1, null, null).get();
        PendingWrite live = startWrite("live.bin", 1);
        live.persistedCrc32c();

        assertThat(store.cleanLeftovers(Duration.ofHours(1))).isZero();
        assertThat(objects()).anyMatch(n -> n.contains(uploadId));
        store.cleanLeftovers(Duration.ZERO); // the live write is as old as that too now

        assertThat(objects()).isEmpty();
        assertThat(files()).isEmpty();
        assertThat(openUploads()).isEmpty();
    }

    /** Uploads ListMultipartUploads names; none where the endpoint does not list them (S3Proxy's nio2 backends). */
    private List<String> openUploads() throws Exception {
        MinioAsyncClient async = S3Clients.createAsync(endpoint, S3Clients.httpClient());
        try {
            return async.listMultipartUploadsAsync("bucket", null, null, null, null, 1000, null, null, null, null)
                    .get().result().uploads().stream().map(u -> u.objectName() + " " + u.uploadId()).toList();
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).hasMessageContaining("Not Implemented");
            return List.of();
        }
    }

    @Test
    void shouldSweepEveryLeftoverWhenAKilledWriteLeftAPartialPartFile() throws Exception {
        PendingWrite killed = startWrite("dir/killed.bin", 1);
        killed.persistedCrc32c();
        String stub = objects().stream().filter(n -> n.endsWith("-stub")).findFirst().orElseThrow();
        // the part a SIGKILL cut short: S3Proxy's temporary name, no extended attributes
        Path partial = dir.resolve("bucket").resolve(stub.replace("-stub", "-2-" + java.util.UUID.randomUUID()));
        Files.write(partial, new byte[4096]);

        assertThat(store.cleanLeftovers(Duration.ZERO)).isPositive();

        assertThat(objects()).isEmpty();
        assertThat(files()).isEmpty();
    }
}
