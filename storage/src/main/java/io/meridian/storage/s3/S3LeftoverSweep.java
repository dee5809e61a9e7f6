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
import io.minio.messages.Upload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incomplete multipart uploads of dead writers. Not every endpoint lists uploads (S3Proxy's nio2
 * backends answer 501), so each multipart write leaves a marker object {@code .meridian-tmp-<uuid>}
 * next to its target naming the upload, removed on commit or abort. The sweep
 * ({@link #abortOlderThan}) finds uploads older than a grace period (longer than any copy takes) by
 * their markers, by ListMultipartUploads where the endpoint answers it, and by S3Proxy's own upload
 * objects, so an upload whose marker was lost is swept too.
 */
final class S3LeftoverSweep {
    private static final Logger LOG = LoggerFactory.getLogger(S3LeftoverSweep.class);

    /** Where the key starts in {@code .mpus-<upload id>-<key>}: upload ids are 36-character UUIDs. */
    private static final int UPLOAD_KEY_START = Keys.S3PROXY_UPLOAD_PREFIX.length() + 37;
    private static final String UPLOAD_STUB_SUFFIX = "-stub";

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

    /**
     * Sweeps what dead writers left in this silo's prefix: uploads named by a marker older than
     * {@code minAge} are aborted and their markers removed, uploads the endpoint lists
     * (ListMultipartUploads, where answered) initiated before then are aborted, and S3Proxy's own
     * bookkeeping objects ({@code .mpus-*}, {@link Keys#isInternal}) of keys below the prefix older than
     * then are removed. One leftover that cannot be removed does not stop the others: failures are
     * logged and counted, and an IOException naming how many failed is thrown at the end.
     *
     * @return how many leftovers were removed
     */
    int abortOlderThan(Duration minAge, String siloId) throws IOException {
        ZonedDateTime before = ZonedDateTime.now().minus(minAge);
        int[] counts = new int[2]; // removed, failed
        sweepListed(prefix, true, siloId, counts, item -> Keys.isTemp(item.objectName()) && old(item, before), this::abort);
        sweepUploadObjects(before, siloId, counts);
        abortListedUploads(before, siloId, counts);
        if (counts[1] > 0) {
            throw new IOException(counts[1] + " leftovers of silo " + siloId + " could not be removed ("
                    + counts[0] + " were); see the log");
        }
        return counts[0];
    }

    /** An action on one listed object name. */
    private interface Removal {
        void apply(String object) throws Exception;
    }

    private static boolean old(Item item, ZonedDateTime before) {
        return !item.lastModified().isAfter(before);
    }

    /** Removes what {@code leftover} selects; returns whether the whole listing was read. */
    private boolean sweepListed(String listPrefix, boolean recursive, String siloId, int[] counts,
                             java.util.function.Predicate<Item> leftover, Removal removal) {
        Iterable<Result<Item>> items = client.listObjects(ListObjectsArgs.builder().bucket(bucket)
                .prefix(listPrefix.isEmpty() ? null : listPrefix).recursive(recursive).build());
        try {
            for (Result<Item> result : items) {
                Item item = retry.call("list leftovers of silo " + siloId, result::get);
                if (!item.isDir() && leftover.test(item)) {
                    removeOne(item.objectName(), siloId, counts, removal);
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            counts[1]++;
            LOG.warn("Listing leftovers under '{}' of silo {} failed: {}", listPrefix, siloId, e.toString());
            return false;
        }
    }

    private static void removeOne(String object, String siloId, int[] counts, Removal removal) {
        try {
            removal.apply(object);
            LOG.info("Removed leftover {} of silo {}", object, siloId);
            counts[0]++;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            counts[1]++;
        } catch (Exception e) {
            counts[1]++;
            LOG.warn("Leftover {} of silo {} not removed: {}", object, siloId, e.toString());
        }
    }

    /**
     * S3Proxy's file system backends keep an upload as {@code .mpus-<id>-<key>-stub}, its parts as
     * {@code .mpus-<id>-<key>-<n>} and an empty object named {@code <id>} at the bucket root. An old
     * stub of a key below the prefix is aborted (which removes all three); parts and root objects of
     * an upload with no stub left are removed.
     */
    private void sweepUploadObjects(ZonedDateTime before, String siloId, int[] counts) {
        java.util.Set<String> liveUploads = new java.util.HashSet<>();
        List<Item> orphans = new java.util.ArrayList<>();
        boolean listed = sweepListed(Keys.S3PROXY_UPLOAD_PREFIX, true, siloId, counts, item -> {
            String name = item.objectName();
            boolean stub = name.endsWith(UPLOAD_STUB_SUFFIX);
            boolean sweepable = ownsUploadObject(name) && old(item, before);
            if (stub && !sweepable) {
                liveUploads.add(uploadId(name));
            } else if (!stub && sweepable) {
                orphans.add(item);
            }
            return stub && sweepable;
        }, stub -> asyncClient.abortMultipartUploadAsync(bucket, null,
                stub.substring(UPLOAD_KEY_START, stub.length() - UPLOAD_STUB_SUFFIX.length()), uploadId(stub), null, null).get());
        if (!listed) {
            return; // which uploads are live is not known
        }
        orphans.stream().filter(item -> !liveUploads.contains(uploadId(item.objectName())))
                .forEach(item -> removeOne(item.objectName(), siloId, counts, this::remove));
        sweepListed("", false, siloId, counts, item -> item.size() == 0 && Keys.isInternal(item.objectName(), 0)
                && !item.objectName().startsWith(".") && old(item, before) && !liveUploads.contains(item.objectName()),
                this::remove);
    }

    private static String uploadId(String uploadObject) {
        return uploadObject.substring(Keys.S3PROXY_UPLOAD_PREFIX.length(), UPLOAD_KEY_START - 1);
    }

    /** Whether an S3Proxy bookkeeping object {@code .mpus-<upload id>-<key>...} belongs to a key of this prefix. */
    private boolean ownsUploadObject(String name) {
        return name.length() > UPLOAD_KEY_START && name.startsWith(prefix, UPLOAD_KEY_START);
    }

    private void remove(String object) throws IOException {
        retry.call("remove leftover " + object, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(object).build());
            return null;
        });
    }

    /** Aborts uploads the endpoint lists as initiated before {@code before}; endpoints that do not list uploads are skipped. */
    private void abortListedUploads(ZonedDateTime before, String siloId, int[] counts) {
        List<Upload> uploads;
        try {
            uploads = asyncClient.listMultipartUploadsAsync(bucket, null, null, null, null, 1000,
                    prefix.isEmpty() ? null : prefix, null, null, null).get().result().uploads();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            LOG.debug("Silo {}: the endpoint does not list multipart uploads ({}); markers name them", siloId, e.toString());
            return;
        }
        for (Upload upload : uploads) {
            if (upload.initiated() != null && !upload.initiated().isAfter(before)) {
                removeOne(upload.objectName(), siloId, counts, object -> asyncClient.abortMultipartUploadAsync(
                        bucket, null, object, upload.uploadId(), null, null).get());
            }
        }
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
