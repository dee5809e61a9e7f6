package io.meridian.storage.s3;

import io.minio.errors.ErrorResponseException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code x-amz-checksum-crc32c} header of single PUTs, for endpoints that check it (AWS S3, MinIO):
 * the endpoint then refuses a body whose CRC32C differs from the one the mover computed while reading
 * the source. Endpoints that do not implement it answer NotImplemented (S3Proxy 3.0 does); the first
 * such answer turns the header off for the store and the PUT is repeated without it. Verification never
 * depends on it: the mover compares its own CRC32C of the bytes handed to the SDK either way.
 * Multipart uploads do not carry it: the MinIO SDK cannot list part checksums in the completion.
 */
final class ChecksumHeader {
    static final String NAME = "x-amz-checksum-crc32c";
    private static final Logger LOG = LoggerFactory.getLogger(ChecksumHeader.class);

    /** Bodies up to this size carry the header while the endpoint's support is unknown (see below). */
    static final int PROBE_MAX_BYTES = 64 * 1024;

    private enum Support { UNKNOWN, YES, NO }

    private volatile Support support = Support.UNKNOWN;

    /**
     * The header for a PUT of {@code length} bytes with this CRC32C, or none. Until the endpoint has
     * taken the header once, only small bodies carry it: an endpoint that refuses it may answer before
     * reading a large body and close the connection, which the client sees as a broken pipe on a PUT
     * that would otherwise have worked.
     */
    Map<String, String> headers(long crc32c, long length) {
        Support now = support;
        if (now == Support.NO || (now == Support.UNKNOWN && length > PROBE_MAX_BYTES)) {
            return Map.of();
        }
        return Map.of(NAME, encode(crc32c));
    }

    /** A PUT with the header succeeded: the endpoint takes it, large bodies carry it from now on. */
    void accepted() {
        if (support == Support.UNKNOWN) {
            support = Support.YES;
        }
    }

    /**
     * True when the failure of a request that carried the header is the endpoint refusing it; the header
     * is then off from now on. Every request that raced the first refusal gets true as well.
     */
    boolean refusedBy(Throwable failure, String endpoint) {
        Throwable t = S3Errors.unwrap(failure instanceof java.io.IOException && failure.getCause() != null
                ? failure.getCause() : failure);
        if (!(t instanceof ErrorResponseException r && "NotImplemented".equals(r.errorResponse().code()))) {
            return false;
        }
        off(endpoint, "does not implement");
        return true;
    }

    /**
     * An endpoint may also refuse the header by answering before it read the body and closing the
     * connection (S3Proxy does for bodies larger than the socket buffers): the client then sees a broken
     * pipe or a reset, not NotImplemented. When the same PUT without the header then succeeds, the header
     * was the cause: it is off from now on.
     */
    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketException) {
                return true;
            }
        }
        return false;
    }

    void refusedByClosing(String endpoint) {
        off(endpoint, "closed the connection on a PUT with, and took the PUT without,");
    }

    private void off(String endpoint, String how) {
        if (support != Support.NO) {
            support = Support.NO;
            LOG.info("S3 endpoint {} {} {}; PUTs go without it (the mover's own CRC32C check remains)", endpoint, how, NAME);
        }
    }

    /** Base64 of the 4 big-endian bytes, as S3 expects. */
    static String encode(long crc32c) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc32c).array());
    }
}
