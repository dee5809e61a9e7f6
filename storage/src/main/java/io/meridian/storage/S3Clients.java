package io.meridian.storage;

import io.meridian.config.S3Endpoint;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.http.HttpUtils;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Builds MinIO SDK clients for an S3 endpoint (path-style requests work with S3Proxy, MinIO and AWS).
 *
 * <p>Each store's clients share one OkHttp client tuned for many small concurrent requests: TCP_NODELAY
 * (without it a PUT's body waits behind the headers for the server's delayed ACK, about 40 ms per small
 * object on Linux), as many concurrent requests per host as {@link #MAX_REQUESTS_PER_HOST} (OkHttp's
 * default of 5 would queue the movers' workers and part uploads behind each other) and as many pooled
 * idle connections.
 */
public final class S3Clients {
    /** Concurrent requests and idle pooled connections per endpoint. */
    public static final int MAX_REQUESTS_PER_HOST = 64;
    private static final long TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(5); // the SDK's own default

    private S3Clients() {
    }

    /** One HTTP client for the clients of one store (see the class comment). */
    public static OkHttpClient httpClient() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(MAX_REQUESTS_PER_HOST * 2);
        dispatcher.setMaxRequestsPerHost(MAX_REQUESTS_PER_HOST);
        return HttpUtils.newDefaultHttpClient(TIMEOUT_MILLIS, TIMEOUT_MILLIS, TIMEOUT_MILLIS).newBuilder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(MAX_REQUESTS_PER_HOST, 5, TimeUnit.MINUTES))
                .socketFactory(new NoDelaySocketFactory())
                .build();
    }

    public static MinioClient create(S3Endpoint endpoint) {
        return create(endpoint, httpClient());
    }

    public static MinioClient create(S3Endpoint endpoint, OkHttpClient http) {
        return MinioClient.builder()
                .endpoint(endpoint.url())
                .credentials(endpoint.accessKey(), endpoint.secretKey())
                .httpClient(http)
                .build();
    }

    /** The asynchronous client, which also exposes the multipart-upload calls (create, part, complete, abort, list). */
    public static MinioAsyncClient createAsync(S3Endpoint endpoint) {
        return createAsync(endpoint, httpClient());
    }

    public static MinioAsyncClient createAsync(S3Endpoint endpoint, OkHttpClient http) {
        return MinioAsyncClient.builder()
                .endpoint(endpoint.url())
                .credentials(endpoint.accessKey(), endpoint.secretKey())
                .httpClient(http)
                .build();
    }

    /** Plain sockets with Nagle's algorithm off; TLS sockets are layered on these, so they inherit it. */
    private static final class NoDelaySocketFactory extends SocketFactory {
        private final SocketFactory plain = SocketFactory.getDefault();

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(plain.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(plain.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return noDelay(plain.createSocket(address, port, localAddress, localPort));
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }
    }
}
