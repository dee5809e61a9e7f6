package io.meridian.storage.s3;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.meridian.storage.ObjectStat;
import io.meridian.storage.PendingWrite;
import io.meridian.storage.Retry;
import io.meridian.storage.WriteOptions;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.Directive;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.UploadPartResponse;
import io.minio.messages.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.zip.CRC32C;

/**
 * One S3 write. Bytes fill a part-sized buffer; the first full buffer starts a multipart upload and
 * every full buffer is uploaded on the part pool (at most {@code parallelParts} in flight). Content
 * that fits in one buffer is PUT on commit, with its CRC32C in {@code x-amz-checksum-crc32c} where the
 * endpoint checks it ({@link ChecksumHeader}). The upload is completed on commit only and aborted
 * otherwise, so nothing is visible before. The CRC32C covers exactly the bytes handed to the SDK,
 * which signs each request's payload hash.
 */
final class S3PendingWrite implements PendingWrite {
    /** S3's largest single CopyObject. */
    private static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;
    private final MinioAsyncClient client;
    private final ExecutorService pool;
    private final S3LeftoverSweep sweep;
    private final ChecksumHeader checksum;
    private String marker;
    private final String bucket;
    private final String object;
    private final String key;
    private final WriteOptions options;
    private final int partSize;
    private final Semaphore inFlight;
    private final Retry retry;
    private final CRC32C crc = new CRC32C();
    private final List<Future<UploadPartResponse>> parts = new ArrayList<>();
    private byte[] buffer;
    private int filled;
    private long written;
    private String uploadId;
    private boolean finished;
    private Long persistedCrc;

    S3PendingWrite(MinioAsyncClient client, ExecutorService pool, S3LeftoverSweep sweep, ChecksumHeader checksum, String bucket,
                   String object, String key, WriteOptions options, int partSize, int parallelParts, Retry retry) {
        this.client = client;
        this.pool = pool;
        this.sweep = sweep;
        this.checksum = checksum;
        this.bucket = bucket;
        this.object = object;
        this.key = key;
        // one mtime for the metadata and the returned attributes
        this.options = options.mtimeMillis() != null ? options
                : new WriteOptions(System.currentTimeMillis(), options.mode(), options.expectedSize(), options.knownCrc32c());
        this.partSize = partSize;
        this.inFlight = new Semaphore(parallelParts);
        this.retry = retry;
        long expected = options.expectedSize();
        this.buffer = new byte[expected >= 0 && expected < partSize ? (int) expected : partSize];
    }

    @Override
    public void write(ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            if (filled == buffer.length) {
                if (buffer.length < partSize) {
                    buffer = java.util.Arrays.copyOf(buffer, partSize); // more than announced: grow to a part
                } else {
                    flushPart();
                }
            }
            int n = Math.min(data.remaining(), buffer.length - filled);
            data.get(buffer, filled, n);
            crc.update(buffer, filled, n);
            filled += n;
            written += n;
        }
    }

    private void flushPart() throws IOException {
        if (uploadId == null) {
            Multimap<String, String> headers = headers(S3Metadata.of(options, options.knownCrc32c()));
            uploadId = retry.call("start upload of " + object, () -> client
                    .createMultipartUploadAsync(bucket, null, object, headers, null).get().result().uploadId());
            marker = sweep.mark(object, uploadId);
        }
        acquire();
        byte[] part = buffer;
        int length = filled;
        int number = parts.size() + 1;
        String id = uploadId;
        parts.add(pool.submit(() -> {
            try {
                return retry.call("upload part " + number + " of " + object, () -> client
                        .uploadPartAsync(bucket, null, object, part, length, id, number, null, null).get());
            } finally {
                inFlight.release();
            }
        }));
        buffer = new byte[partSize];
        filled = 0;
    }

    private void acquire() throws InterruptedIOException {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading " + object);
        }
    }

    @Override
    public long written() {
        return written;
    }

    @Override
    public long persistedCrc32c() throws IOException {
        if (persistedCrc == null) {
            if (uploadId != null && filled > 0) {
                flushPart();
            }
            for (Future<UploadPartResponse> part : parts) {
                await(part);
            }
            persistedCrc = crc.getValue();
        }
        return persistedCrc;
    }

    private UploadPartResponse await(Future<UploadPartResponse> part) throws IOException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while uploading " + object);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("upload of " + object + " failed", e.getCause());
        }
    }

    @Override
    public ObjectStat commit() throws IOException {
        if (finished) {
            throw new IllegalStateException("write of " + object + " already committed or aborted");
        }
        persistedCrc32c();
        String etag;
        if (uploadId == null) {
            etag = putWhole();
        } else {
            Part[] done = new Part[parts.size()];
            for (int i = 0; i < done.length; i++) {
                done[i] = new Part(i + 1, await(parts.get(i)).etag());
            }
            retry.call("complete upload of " + object, () -> client
                    .completeMultipartUploadAsync(bucket, null, object, uploadId, done, null, null).get());
            removeMarker();
            etag = recordCrc();
        }
        finished = true;
        buffer = null;
        // the ETag listings will report for this object (it identifies this version of the object, never content across stores)
        return new ObjectStat(key, written, options.mtimeMillis(), options.mode(), S3Metadata.etag(etag), persistedCrc, null);
    }

    /**
     * A multipart upload's metadata is sent when it starts, before its CRC32C is known unless the
     * caller knew it beforehand. Otherwise the completed object is copied onto itself with REPLACE
     * metadata that adds the verified CRC32C (CopyObject; S3, MinIO and S3Proxy accept a self-copy
     * that replaces metadata). Returns the ETag of the object as stat and listings now report it:
     * the self-copy's, else a HEAD's (S3Proxy answers CompleteMultipartUpload with another ETag than
     * the one it lists).
     */
    private String recordCrc() throws IOException {
        if (persistedCrc.equals(options.knownCrc32c()) || written > MAX_SINGLE_COPY) {
            // already recorded, or above CopyObject's limit: the classifier keeps the CRC32C the mover reported
            return retry.call("stat " + object, () -> client.statObject(
                    StatObjectArgs.builder().bucket(bucket).object(object).build()).get()).etag();
        }
        CopySource self = CopySource.builder().bucket(bucket).object(object).build();
        return retry.call("record the CRC32C of " + object, () -> client.copyObject(CopyObjectArgs.builder()
                .bucket(bucket).object(object).source(self).metadataDirective(Directive.REPLACE)
                .userMetadata(S3Metadata.of(options, persistedCrc)).build()).get()).etag();
    }

    private String putWhole() throws IOException {
        Map<String, String> meta = S3Metadata.of(options, options.knownCrc32c() != null ? options.knownCrc32c() : persistedCrc);
        Map<String, String> headers = checksum.headers(persistedCrc, filled);
        try {
            String etag = put(meta, headers);
            if (!headers.isEmpty()) {
                checksum.accepted();
            }
            return etag;
        } catch (IOException e) {
            if (headers.isEmpty()) {
                throw e;
            }
            if (checksum.refusedBy(e, "of bucket " + bucket)) {
                return put(meta, Map.of());
            }
            if (!ChecksumHeader.isConnectionFailure(e)) {
                throw e;
            }
            String etag = put(meta, Map.of()); // fails too when the endpoint is simply unreachable
            checksum.refusedByClosing("of bucket " + bucket);
            return etag;
        }
    }

    private String put(Map<String, String> meta, Map<String, String> headers) throws IOException {
        byte[] content = buffer;
        int length = filled;
        return retry.call("put " + object, () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(object)
                .stream(new ByteArrayInputStream(content, 0, length), length, -1)
                .userMetadata(meta).extraHeaders(headers).build()).get()).etag();
    }

    @Override
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        buffer = null;
        settleParts();
        if (uploadId != null) {
            try {
                client.abortMultipartUploadAsync(bucket, null, object, uploadId, null, null).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                return; // the marker stays: the leftover sweep aborts the upload later
            }
            removeMarker();
        }
    }

    /**
     * Waits for every part already handed to the pool (each holds a permit, so all of them run): a
     * part still in flight when the upload is aborted is stored afterwards as an orphan
     * ({@code .mpus-*} on S3Proxy). Cancelling the future would not stop its request.
     */
    private void settleParts() {
        boolean interrupted = false;
        for (Future<UploadPartResponse> part : parts) {
            try {
                part.get();
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                // failed: the abort removes whatever of it was stored
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void removeMarker() {
        if (marker != null) {
            try {
                sweep.unmark(marker);
            } catch (IOException e) {
                // a stale marker only makes the sweep try to abort an upload that is already finished
            }
        }
    }

    private static Multimap<String, String> headers(Map<String, String> meta) {
        Multimap<String, String> headers = HashMultimap.create();
        meta.forEach((k, v) -> headers.put("x-amz-meta-" + k, v));
        headers.put("Content-Type", "application/octet-stream");
        return headers;
    }
}
