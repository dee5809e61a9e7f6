package io.meridian.storage.s3;

import io.meridian.storage.Retry;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Which S3 failures are worth retrying (explicitly transient ones only) and which mean "no such key". */
final class S3Errors {
    private static final Set<String> RETRIABLE_CODES = Set.of("InternalError", "SlowDown", "ServiceUnavailable",
            "RequestTimeout", "RequestTimeTooSkewed");
    private static final Set<String> MISSING_CODES = Set.of("NoSuchKey", "NoSuchObject", "NotFound");

    private S3Errors() {
    }

    static Retry retry() {
        return new Retry(4, 200, S3Errors::retriable);
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static boolean retriable(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof ErrorResponseException r) {
            return RETRIABLE_CODES.contains(r.errorResponse().code());
        }
        return t instanceof ServerException || t instanceof ConnectException || t instanceof SocketTimeoutException;
    }

    static boolean missing(Throwable e) {
        Throwable t = unwrap(e);
        return t instanceof ErrorResponseException r && MISSING_CODES.contains(r.errorResponse().code());
    }
}
