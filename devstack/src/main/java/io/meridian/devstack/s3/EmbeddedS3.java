package io.meridian.devstack.s3;

import io.meridian.devstack.LocalPorts;
import io.meridian.devstack.PortInUseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local S3 endpoint: S3Proxy on 127.0.0.1 over a directory (jclouds {@code filesystem-nio2}, one
 * sub-directory per bucket, kept across restarts) or over memory ({@code transient-nio2}, for tests).
 *
 * <p>Contract: requests must be signed (AWS V2 or V4) with {@link #credentials()}, generated for each
 * instance unless given. The secret key is never logged and never part of {@link #toString()}.
 * Multipart uploads work; on these backends the ETag a multipart completion returns differs from the
 * one stat and list report later. A file the backend left half-written (a killed process, a dropped
 * upload) does not fail listings: {@link PartialFileGuard} removes it at start and when a listing meets it. {@link #close()} may be called more than once.
 */
public final class EmbeddedS3 implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);
    private static final long START_TIMEOUT_MS = 10_000;
    // The nio2 backends ignore their own credentials; the S3 keys are checked by S3Proxy itself.
    private static final String BACKEND_IDENTITY = "local";
    /** A partial file this old is removed even while other writes are in flight ({@link PartialFileGuard}). */
    private static final Duration ORPHAN_AGE = Duration.ofMinutes(10);
    /** How long a listing that meets a partial file is retried while the write finishes. */
    private static final Duration LISTING_SETTLE = Duration.ofSeconds(2);

    private final Path baseDir;
    private final int requestedPort;
    private final S3Credentials credentials;
    private BlobStoreContext blobStore;
    private S3Proxy proxy;
    private boolean started;

    private EmbeddedS3(Builder builder) {
        this.baseDir = builder.baseDir;
        this.requestedPort = builder.port;
        this.credentials = builder.credentials == null ? S3Credentials.generate() : builder.credentials;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts S3Proxy.
     *
     * @throws PortInUseException when the port is taken
     * @throws IllegalStateException when called twice or S3Proxy does not start
     */
    public synchronized EmbeddedS3 start() {
        if (started) {
            throw new IllegalStateException("this EmbeddedS3 was already started");
        }
        started = true;
        long begin = System.nanoTime();
        int port = LocalPorts.resolve(requestedPort);
        blobStore = openBlobStore();
        PartialFileGuard guard = new PartialFileGuard(blobStore.getBlobStore(), baseDir, ORPHAN_AGE, LISTING_SETTLE);
        guard.sweep(Duration.ZERO); // nothing writes yet: every partial file is a leftover of a killed process
        proxy = S3Proxy.builder()
                .blobStore(guard)
                .endpoint(URI.create("http://" + LocalPorts.HOST + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, credentials.accessKey(), credentials.secretKey())
                .build();
        try {
            proxy.start();
            awaitStarted();
        } catch (Exception e) {
            close();
            throw translateStartFailure(e, port);
        }
        LOG.info("S3 endpoint {} started over {} (access key {}) in {} ms", endpoint(), storageDescription(),
                credentials.accessKey(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        return this;
    }

    /** {@code http://127.0.0.1:port}, the endpoint S3 clients use (path-style buckets). */
    public synchronized String endpoint() {
        if (proxy == null) {
            throw new IllegalStateException("the S3 endpoint is not running: call start() first");
        }
        return "http://" + LocalPorts.HOST + ":" + proxy.getPort();
    }

    public S3Credentials credentials() {
        return credentials;
    }

    public String accessKey() {
        return credentials.accessKey();
    }

    public String secretKey() {
        return credentials.secretKey();
    }

    /** Creates a bucket unless it exists; returns whether it was created. */
    public synchronized boolean createBucket(String name) {
        if (blobStore == null) {
            throw new IllegalStateException("the S3 endpoint is not running: call start() first");
        }
        return blobStore.getBlobStore().createContainerInLocation(null, name);
    }

    @Override
    public synchronized void close() {
        if (proxy != null) {
            int port = proxy.getPort();
            try {
                proxy.stop();
                LOG.info("S3 endpoint on port {} stopped", port);
            } catch (Exception e) {
                LOG.warn("S3Proxy did not stop cleanly", e);
            }
            proxy = null;
        }
        if (blobStore != null) {
            blobStore.close();
            blobStore = null;
        }
    }

    @Override
    public synchronized String toString() {
        return "EmbeddedS3{endpoint=" + (proxy == null ? "-" : endpoint()) + ", storage=" + storageDescription()
                + ", accessKey=" + credentials.accessKey() + "}";
    }

    private BlobStoreContext openBlobStore() {
        Properties overrides = new Properties();
        String provider = "transient-nio2";
        if (baseDir != null) {
            createDirectories(baseDir);
            provider = "filesystem-nio2";
            overrides.setProperty("jclouds.filesystem.basedir", baseDir.toAbsolutePath().toString());
        }
        return ContextBuilder.newBuilder(provider)
                .credentials(BACKEND_IDENTITY, BACKEND_IDENTITY)
                .overrides(overrides)
                .modules(List.of(new SLF4JLoggingModule()))
                .build(BlobStoreContext.class);
    }

    private void awaitStarted() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start within " + START_TIMEOUT_MS + " ms: "
                        + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    private String storageDescription() {
        return baseDir == null ? "memory" : baseDir.toString();
    }

    private static RuntimeException translateStartFailure(Exception failure, int port) {
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return new PortInUseException(port, failure);
            }
        }
        return failure instanceof RuntimeException runtime ? runtime
                : new IllegalStateException("S3Proxy failed to start: " + failure, failure);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the S3 data directory " + dir, e);
        }
    }

    /** Builds an {@link EmbeddedS3}; without a base directory the data lives in memory. */
    public static final class Builder {
        private Path baseDir;
        private int port;
        private S3Credentials credentials;

        private Builder() {
        }

        /** The directory that holds one sub-directory per bucket; null (the default) keeps data in memory. */
        public Builder baseDir(Path baseDir) {
            this.baseDir = baseDir;
            return this;
        }

        /** The port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Fixed keys; by default a new pair is generated for every start. */
        public Builder credentials(S3Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public EmbeddedS3 build() {
            return new EmbeddedS3(this);
        }
    }
}
