package io.meridian.storage.s3;

import io.meridian.storage.Keys;
import io.meridian.storage.Retry;
import io.meridian.storage.SiloStore;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incomplete multipart uploads of dead writers. Not every endpoint lists uploads (S3Proxy's nio2
 * backends answer 501), so each multipart write leaves a marker object {@code .meridian-tmp-<uuid>}
 * next to its target naming the upload, removed on commit or abort. The sweep aborts the upload of
 * every marker older than a grace period (longer than any copy takes) and removes the marker.
 */
final class S3LeftoverSweep {
    private static final Logger LOG = LoggerFactory.getLogger(S3LeftoverSweep.class);

    private final MinioClient client;
    private final MinioAsyncClient asyncClient;
    private final String bucket;
    private final String prefix;
    private final Retry retry;

    S3LeftoverSweep(MinioClient client, MinioAsyncClient asyncClient, String bucket, String prefix, Retry retry) {
        this.client = client;
        this.asyncClient = asyncClient;
        this.bucket = bucket;
        this.prefix = prefix;
        this.retry = retry;
    }

    /** Writes the marker of a started upload; returns its object name. */
    String mark(String object, String uploadId) throws IOException {
        int slash = object.lastIndexOf('/');
        String marker = object.substring(0, slash + 1) + SiloStore.TEMP_PREFIX + UUID.randomUUID();
        byte[] content = (uploadId + "\n" + object).getBytes(StandardCharsets.UTF_8);
        retry.call("mark upload of " + object, () -> client.putObject(PutObjectArgs.builder().bucket(bucket)
                .object(marker).stream(new ByteArrayInputStream(content), content.length, -1).build()));
        return marker;
    }

    /** Removes a marker once its upload is completed or aborted. */
    void unmark(String marker) throws IOException {
        retry.call("remove marker " + marker, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(marker).build());
            return null;
        });
    }

    int abortOlderThan(Duration minAge, String siloId) throws IOException {
        ZonedDateTime before = ZonedDateTime.now().minus(minAge);
        int aborted = 0;
        Iterable<Result<Item>> items = client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                .recursive(true).build());
        for (Result<Item> result : items) {
            Item item = retry.call("list leftovers of silo " + siloId, result::get);
            if (!item.isDir() && Keys.isTemp(item.objectName()) && !item.lastModified().isAfter(before)) {
                abort(item.objectName());
                LOG.info("Aborted leftover upload of marker {} in silo {}", item.objectName(), siloId);
                aborted++;
            }
        }
        return aborted;
    }

    private void abort(String marker) throws IOException {
        String[] content;
        try (InputStream in = retry.call("read marker " + marker,
                () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(marker).build()))) {
            content = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", 2);
        }
        if (content.length == 2) {
            try {
                asyncClient.abortMultipartUploadAsync(bucket, null, content[1], content[0], null, null).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while aborting " + content[1]);
            } catch (Exception e) {
                // already completed or aborted: the marker is all that is left
                LOG.debug("Upload {} of {} not aborted: {}", content[0], content[1], e.toString());
            }
        }
        unmark(marker);
    }
}
