package io.meridian.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand on a socket, for requests {@code java.net.http} will not send (any Host,
 * a Content-Length that lies). Sends {@code Connection: close} unless the request says otherwise.
 */
final class RawHttp {
    /** A response: its status (0 when the server closed without answering), body and time taken. */
    record Response(int status, String text, long millis) {
    }

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body}. */
    static Response send(String baseUrl, String head, String body, int timeoutMillis) throws IOException {
        return sendExactly(baseUrl, head + (head.contains("Connection:") ? "" : "\r\nConnection: close") + "\r\n\r\n" + body,
                timeoutMillis);
    }

    /** Sends exactly {@code request}, complete or not, and reads until the server closes. */
    static Response sendExactly(String baseUrl, String request, int timeoutMillis) throws IOException {
        URI base = URI.create(baseUrl);
        long started = System.nanoTime();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String text = read(socket.getInputStream());
            int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
            return new Response(status, text, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static String read(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.net.SocketException reset) {
            return "";
        }
    }
}
