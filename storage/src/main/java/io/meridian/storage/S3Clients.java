package io.meridian.storage;

import io.meridian.config.S3Endpoint;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;

/** Builds MinIO SDK clients for an S3 endpoint (path-style requests work with S3Proxy, MinIO and AWS). */
public final class S3Clients {
    private S3Clients() {
    }

    public static MinioClient create(S3Endpoint endpoint) {
        return MinioClient.builder()
                .endpoint(endpoint.url())
                .credentials(endpoint.accessKey(), endpoint.secretKey())
                .build();
    }

    /** The asynchronous client, which also exposes the multipart-upload calls (create, part, complete, abort, list). */
    public static MinioAsyncClient createAsync(S3Endpoint endpoint) {
        return MinioAsyncClient.builder()
                .endpoint(endpoint.url())
                .credentials(endpoint.accessKey(), endpoint.secretKey())
                .build();
    }
}
