package io.meridian.watchers.s3;

import io.meridian.namespace.PathRejectedException;
import io.meridian.schemas.EventSource;
import io.meridian.schemas.FileEvent;
import io.meridian.schemas.FileEventType;
import io.meridian.schemas.FileType;
import io.meridian.storage.s3.S3Metadata;
import io.meridian.watchers.checkpoint.ChangeTracker;
import io.meridian.watchers.publish.SequenceClock;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ListObjectsV2 pass over a bucket (+prefix), diffed against the last published state: objects
 * that are new or whose ETag, size, last-modified or version changed are published as upserts (with
 * the CRC32C and mtime Meridian wrote with them, read by one HEAD each), and
 * objects the checkpoint knows but the listing no longer has as deletes. Internal objects (temp
 * markers, S3Proxy's multipart stubs and parts: {@link S3Keys#isFile}) are not files and are skipped
 * without a warning; one published before is deleted like any object no longer listed. The SDK follows the
 * continuation tokens, so any number of pages is read. A listing that fails half-way deletes
 * nothing (a partial listing is not evidence that an object is gone).
 */
final class S3Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(S3Reconciler.class);

    /** Counts of one pass. */
    record Pass(long listed, long published, long deleted, long skipped) {
    }

    private final String silo;
    private final MinioClient client;
    private final S3Keys keys;
    private final SequenceClock clock;
    private final int pageSize;

    S3Reconciler(String silo, MinioClient client, S3Keys keys, SequenceClock clock, int pageSize) {
        this.silo = silo;
        this.client = client;
        this.keys = keys;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    Pass reconcile(ChangeTracker tracker) throws Exception {
        long before = tracker.published();
        long sweep = tracker.beginSweep();
        long listed = 0;
        long skipped = 0;
        Iterable<Result<Item>> listing = client.listObjects(ListObjectsArgs.builder()
                .bucket(keys.bucket()).prefix(keys.prefix().isEmpty() ? null : keys.prefix()).recursive(true).maxKeys(pageSize).build());
        for (Result<Item> result : listing) {
            Item item = result.get(); // throws on a failed page: nothing below runs, nothing is deleted
            if (item.isDir() || item.isDeleteMarker() || !keys.isFile(item.objectName(), item.size())) {
                continue;
            }
            Instant observed = clock.now();
            String path;
            try {
                path = keys.logicalPath(item.objectName());
            } catch (PathRejectedException e) {
                skipped++;
                LOG.warn("Silo {}: skipped object {}: {}", silo, item.objectName(), e.reason());
                continue;
            }
            listed++;
            tracker.offer(event(item, path, observed), seen -> withWrittenMetadata(seen, item.objectName()));
        }
        long deleted = tracker.deleteUnseen(keys.mountDirectory(), sweep, path -> false, EventSource.S3_LIST);
        return new Pass(listed, tracker.published() - before, deleted, skipped);
    }

    private FileEvent event(Item item, String path, Instant observed) {
        return FileEvent.newBuilder()
                .setPath(path).setSilo(silo).setType(FileEventType.UPSERT).setFileType(FileType.FILE)
                .setSize(item.size()).setMtime(item.lastModified().toInstant())
                .setEtag(S3Keys.etag(item.etag())).setVersionId(blankToNull(item.versionId()))
                .setSequencer(clock.next(observed)).setSource(EventSource.S3_LIST).setObservedAt(observed).build();
    }

    /**
     * A listing has no user metadata: for an object that is new or changed, one HEAD reads the CRC32C
     * and source mtime Meridian wrote with it (a mover's copy), so the view keeps what was verified
     * even when the listing's ETag differs from the one the mover reported (S3Proxy's file store
     * lists an object before its attributes are written). An object another client wrote has none,
     * and is published as listed; so is one that is gone or cannot be read now.
     */
    private FileEvent withWrittenMetadata(FileEvent listed, String object) {
        try {
            StatObjectResponse stat = client.statObject(StatObjectArgs.builder().bucket(keys.bucket()).object(object).build());
            Long crc32c = S3Metadata.crc32c(stat.userMetadata());
            Long mtime = S3Metadata.mtimeMillis(stat.userMetadata());
            if (crc32c == null || stat.size() != listed.getSize()) {
                return listed;
            }
            return FileEvent.newBuilder(listed).setCrc32c(crc32c).setEtag(S3Keys.etag(stat.etag()))
                    .setMtime(mtime == null ? listed.getMtime() : Instant.ofEpochMilli(mtime)).build();
        } catch (Exception e) {
            LOG.debug("Silo {}: no HEAD of {} ({}); publishing it as listed", silo, object, e.getMessage());
            return listed;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() || value.equals("null") ? null : value;
    }
}
