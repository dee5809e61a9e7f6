package io.meridian.http;

/**
 * Thrown by a route to answer with an HTTP error status; the message is sent to the client as
 * {@code {"error": message}}, so it must say what to do and never contain a secret.
 */
public class HttpException extends RuntimeException {
    private final int status;

    public HttpException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static HttpException badRequest(String message) {
        return new HttpException(400, message);
    }

    public static HttpException notFound(String message) {
        return new HttpException(404, message);
    }
}
