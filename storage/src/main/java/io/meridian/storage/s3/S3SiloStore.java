package io.meridian.storage.s3;

import io.meridian.config.S3Endpoint;
import io.meridian.namespace.SiloLocations;
import io.meridian.storage.Keys;
import io.meridian.storage.ObjectStat;
import io.meridian.storage.PendingWrite;
import io.meridian.storage.Retry;
import io.meridian.storage.S3Clients;
import io.meridian.storage.SiloStore;
import io.meridian.storage.WriteOptions;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * An S3 silo: a bucket and a key prefix on one endpoint (MinIO SDK, path-style). Small objects are
 * buffered (at most one part) and PUT on commit; larger ones go up as a multipart upload with
 * {@code parallelParts} parts in flight, each request signed with its payload hash, and
 * completed on commit only. mtime, mode and the verified CRC32C are kept in user metadata. Identity is
 * never keyed on ETags. Memory per write is bounded by {@code (parallelParts + 1) * partSize}.
 */
public final class S3SiloStore implements SiloStore {
    /** S3's smallest part (except the last) and the largest single copy. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    private static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String siloId;
    private final S3Endpoint endpoint;
    private final String bucket;
    private final String prefix;
    private final int partSize;
    private final int parallelParts;
    private final MinioClient client;
    private final MinioAsyncClient asyncClient;
    private final ExecutorService partUploads;
    private final Retry retry = S3Errors.retry();
    private final S3LeftoverSweep sweep;
    private final ChecksumHeader checksum = new ChecksumHeader();

    public S3SiloStore(String siloId, S3Endpoint endpoint, String bucket, String prefix, int partSize, int parallelParts) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 part size must be at least 5 MiB, got " + partSize);
        }
        this.siloId = siloId;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.prefix = SiloLocations.s3Prefix(prefix); // as placement notices announce its objects
        this.partSize = partSize;
        this.parallelParts = Math.max(1, parallelParts);
        OkHttpClient http = S3Clients.httpClient(); // one connection pool for both clients
        this.client = S3Clients.create(endpoint, http);
        this.asyncClient = S3Clients.createAsync(endpoint, http);
        this.sweep = new S3LeftoverSweep(client, asyncClient, bucket, this.prefix, retry);
        this.partUploads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "s3-parts-" + siloId + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String siloId() {
        return siloId;
    }

    String objectName(String key) {
        return prefix + Keys.check(key);
    }

    @Override
    public Optional<ObjectStat> stat(String key) throws IOException {
        String object = objectName(key);
        try {
            StatObjectResponse r = retry.call("stat " + describe(key),
                    () -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(object).build()));
            Long mtime = S3Metadata.longValue(r.userMetadata(), S3Metadata.MTIME, 10);
            Long mode = S3Metadata.longValue(r.userMetadata(), S3Metadata.MODE, 8);
            return Optional.of(new ObjectStat(key, r.size(), mtime != null ? mtime : r.lastModified().toInstant().toEpochMilli(),
                    mode == null ? null : mode.intValue(), S3Metadata.etag(r.etag()), S3Metadata.longValue(r.userMetadata(), S3Metadata.CRC32C, 10), null));
        } catch (IOException e) {
            if (S3Errors.missing(e.getCause() != null ? e.getCause() : e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        String object = objectName(key);
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        try {
            return retry.call("read " + describe(key), () -> {
                GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(bucket).object(object);
                // no Range header for a whole read: an empty object has no satisfiable range
                if (offset > 0 || length >= 0) {
                    args.offset(offset);
                }
                if (length >= 0) {
                    args.length(length);
                }
                return client.getObject(args.build());
            });
        } catch (IOException e) {
            if (S3Errors.missing(e.getCause() != null ? e.getCause() : e)) {
                throw new NoSuchFileException(describe(key));
            }
            throw e;
        }
    }

    @Override
    public void list(String keyPrefix, Consumer<ObjectStat> visitor) throws IOException {
        Iterable<Result<Item>> items = client.listObjects(ListObjectsArgs.builder().bucket(bucket)
                .prefix(prefix + keyPrefix).recursive(true).build());
        for (Result<Item> result : items) {
            Item item = retry.call("list " + describe(keyPrefix), result::get);
            String key = item.objectName().substring(prefix.length());
            if (!item.isDir() && !Keys.isInternal(item.objectName(), item.size())) {
                visitor.accept(new ObjectStat(key, item.size(), item.lastModified().toInstant().toEpochMilli(),
                        null, S3Metadata.etag(item.etag()), null, null));
            }
        }
    }

    @Override
    public PendingWrite create(String key, WriteOptions options) throws IOException {
        return new S3PendingWrite(asyncClient, partUploads, sweep, checksum, bucket, objectName(key), key, options, partSize, parallelParts, retry);
    }

    @Override
    public boolean delete(String key) throws IOException {
        if (stat(key).isEmpty()) {
            return false;
        }
        String object = objectName(key);
        retry.call("delete " + describe(key), () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(object).build());
            return null;
        });
        return true;
    }

    /** Whether single PUTs still carry {@code x-amz-checksum-crc32c} (tests). */
    ChecksumHeader checksumHeader() {
        return checksum;
    }

    @Override
    public int cleanLeftovers(Duration minAge) throws IOException {
        return sweep.abortOlderThan(minAge, siloId);
    }

    @Override
    public long freeBytes() {
        return Long.MAX_VALUE; // an object store has no free-space figure; the silo's configured capacity bounds it
    }

    @Override
    public boolean serverSideCopy(SiloStore source, String sourceKey, String key, WriteOptions options) throws IOException {
        if (!(source instanceof S3SiloStore s) || !s.endpoint.url().equals(endpoint.url())
                || !s.endpoint.accessKey().equals(endpoint.accessKey())
                || options.expectedSize() < 0 || options.expectedSize() > MAX_SINGLE_COPY) {
            return false;
        }
        CopySource from = CopySource.builder().bucket(s.bucket).object(s.objectName(sourceKey)).build();
        String object = objectName(key);
        retry.call("server-side copy to " + describe(key), () -> client.copyObject(CopyObjectArgs.builder()
                .bucket(bucket).object(object).source(from).metadataDirective(Directive.REPLACE)
                .userMetadata(S3Metadata.of(options, options.knownCrc32c())).build()));
        return true;
    }

    private String describe(String key) {
        return "s3://" + bucket + "/" + prefix + key + " (silo " + siloId + ")";
    }

    @Override
    public void close() {
        partUploads.shutdownNow();
    }

    @Override
    public String toString() {
        return "s3 silo " + siloId + " at " + endpoint.url() + "/" + bucket + "/" + prefix;
    }
}
