package io.meridian.devstack.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.io.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one partial file from failing every listing of S3Proxy's {@code filesystem-nio2} backend.
 * That backend writes each blob (an object, a multipart part, a completed upload) to
 * {@code <name>-<uuid>} in the bucket's directory, sets its extended attributes, then renames it;
 * a listing (ListObjects, and the part listing of an abort) reads {@code user.content-md5} of every
 * file it meets and answers 500 for the whole bucket when one lacks it. So a write in progress fails listings for a moment, and a write cut
 * short (a killed process, a dropped connection) fails them for good.
 *
 * <p>Contract: a listing (or an abort) that fails is retried for up to {@code settle} while writes are in flight
 * (they finish and rename their file). Before each retry, partial files are removed that no live
 * write can own: all of them when no write request is in flight, else those older than
 * {@code orphanAge}. {@link #sweep(Duration)} does the same at start, before any request. A regular
 * file without the attribute that is not named like a partial file (put there by hand) is never
 * removed; the listing error names it.
 */
final class PartialFileGuard extends ForwardingBlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(PartialFileGuard.class);
    private static final String MD5_ATTRIBUTE = "user.content-md5";
    private static final Pattern PARTIAL = Pattern.compile(
            ".+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final long RETRY_MILLIS = 100;

    private final Path baseDir;
    private final Duration orphanAge;
    private final Duration settle;
    private final AtomicInteger writes = new AtomicInteger();

    /**
     * @param baseDir   the backend's directory (one sub-directory per bucket), or null for a backend
     *                  this process cannot reach (then failed listings are only retried)
     * @param orphanAge how old a partial file must be to be removed while writes are in flight
     * @param settle    how long a failed listing is retried
     */
    PartialFileGuard(BlobStore delegate, Path baseDir, Duration orphanAge, Duration settle) {
        super(delegate);
        this.baseDir = baseDir;
        this.orphanAge = orphanAge;
        this.settle = settle;
    }

    /** Removes partial files older than {@code minAge} from every bucket; returns how many. */
    int sweep(Duration minAge) {
        if (baseDir == null || !Files.isDirectory(baseDir)) {
            return 0;
        }
        FileTime before = FileTime.from(Instant.now().minus(minAge));
        try (Stream<Path> files = Files.walk(baseDir)) {
            List<Path> partial = files.filter(f -> isPartial(f, before)).toList();
            partial.forEach(PartialFileGuard::remove);
            return partial.size();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Sweeping partial files of the S3 endpoint under {} failed: {}", baseDir, e.toString());
            return 0;
        }
    }

    private static boolean isPartial(Path file, FileTime before) {
        try {
            if (!Files.isRegularFile(file) || !PARTIAL.matcher(file.getFileName().toString()).matches()
                    || Files.getLastModifiedTime(file).compareTo(before) > 0) {
                return false;
            }
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
            return view != null && !view.list().contains(MD5_ATTRIBUTE);
        } catch (IOException e) {
            return false; // gone meanwhile (renamed by its writer)
        }
    }

    private static void remove(Path file) {
        try {
            Files.deleteIfExists(file);
            LOG.info("Removed partial file {} of the S3 endpoint (a write that never finished)", file);
        } catch (IOException e) {
            LOG.warn("Partial file {} of the S3 endpoint not removed: {}", file, e.toString());
        }
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
        return settled(() -> delegate().list(container, options));
    }

    @Override
    public List<MultipartPart> listMultipartUpload(MultipartUpload upload) {
        return settled(() -> delegate().listMultipartUpload(upload));
    }

    @Override
    public List<MultipartUpload> listMultipartUploads(String container) {
        return settled(() -> delegate().listMultipartUploads(container));
    }

    @Override
    public void abortMultipartUpload(MultipartUpload upload) {
        settled(() -> {
            delegate().abortMultipartUpload(upload); // lists the upload's parts
            return null;
        });
    }

    /** Runs a request that lists blobs, retried for up to {@code settle} after removing partial files no write owns. */
    private <T> T settled(Supplier<T> request) {
        long deadline = System.nanoTime() + settle.toNanos();
        while (true) {
            try {
                return request.get();
            } catch (RuntimeException e) {
                sweep(writes.get() == 0 ? Duration.ZERO : orphanAge);
                if (System.nanoTime() > deadline || !pause()) {
                    throw e;
                }
            }
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a write request, counted as in flight while it runs. */
    private <T> T write(Supplier<T> request) {
        writes.incrementAndGet();
        try {
            return request.get();
        } finally {
            writes.decrementAndGet();
        }
    }

    @Override
    public String putBlob(String container, Blob blob) {
        return write(() -> delegate().putBlob(container, blob));
    }

    @Override
    public String putBlob(String container, Blob blob, PutOptions options) {
        return write(() -> delegate().putBlob(container, blob, options));
    }

    @Override
    public MultipartUpload initiateMultipartUpload(String container, BlobMetadata metadata, PutOptions options) {
        return write(() -> delegate().initiateMultipartUpload(container, metadata, options)); // writes the upload's stub
    }

    @Override
    public MultipartPart uploadMultipartPart(MultipartUpload upload, int partNumber, Payload payload) {
        return write(() -> delegate().uploadMultipartPart(upload, partNumber, payload));
    }

    @Override
    public String completeMultipartUpload(MultipartUpload upload, List<MultipartPart> parts) {
        return write(() -> delegate().completeMultipartUpload(upload, parts));
    }

    @Override
    public String copyBlob(String fromContainer, String fromName, String toContainer, String toName, CopyOptions options) {
        return write(() -> delegate().copyBlob(fromContainer, fromName, toContainer, toName, options));
    }
}
