package io.meridian.cli;

import io.meridian.cli.runtime.EndpointsFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of the class-data-sharing archive (Java 17) or AOT cache (Java 25 and later) that
 * the {@code ./meridian} script makes after a build: runs each client command once, in this JVM and the
 * way {@link Meridian#main} does, against a stand-in for a running {@code up} (an endpoints file in a
 * temporary home, and a local HTTP listener that answers every request with an error). Each command
 * thereby loads its own classes, the endpoints file's JSON, the HTTP client's request and response
 * path, the error message's JSON and the handler of unexpected failures, and the JVM archives them as
 * it exits. The script also runs read commands with only the jars this run loaded classes from. What the commands print
 * goes nowhere; no answer of the stand-in ever reaches a user.
 */
public final class ClientTraining {
    /** The client commands a user runs against a running {@code up}, each as its arguments. */
    static final List<List<String>> COMMANDS = List.of(
            List.of("query", "SELECT count(*) FROM files"),
            List.of("ls", "/datasets/"),
            List.of("cat", "/datasets/a.bin"),
            List.of("tag", "ls", "/datasets/a.bin"),
            List.of("explain", "/datasets/a.bin"),
            List.of("locality", "/datasets/"),
            List.of("policy", "ls"),
            List.of("stage", "status", "training"),
            List.of("stage", "ls"),
            List.of("pin", "ls"),
            List.of("silo", "ls"),
            List.of("stuck", "ls"));

    private ClientTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Files.createTempDirectory("meridian-training");
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> answer(listener), "meridian-training-http");
            answering.setDaemon(true);
            answering.start();
            new EndpointsFile(ProcessHandle.current().pid(), Instant.now().toString(), "training", null, null, null, null,
                    "http://127.0.0.1:" + listener.getLocalPort()).write(home.resolve("endpoints.json"));
            PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
            for (List<String> command : COMMANDS) {
                String[] line = Stream.concat(command.stream(), Stream.of("--home", home.toString())).toArray(String[]::new);
                Meridian.commandLine(line).setOut(nowhere).setErr(nowhere).execute(line);
            }
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    /**
     * Answers every request with a 503 and a JSON error, the shape the server's errors have, but those of
     * {@code stuck ls} with none: the connection closes (an IOException, which no command expects).
     */
    private static void answer(ServerSocket listener) {
        byte[] body = "{\"error\":\"this is the training run of the ./meridian script\"}".getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept(); InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                if (!skipRequest(in).contains(" /v1/stuck")) {
                    out.write(head);
                    out.write(body);
                    out.flush();
                } // else no answer at all: a failure no message was written for, whose trace Meridian prints
            } catch (IOException e) {
                // closed at the end of the run, or a client that went away: nothing to answer
            }
        }
    }

    /**
     * Reads the request's head and its body (Content-Length bytes), so that closing never resets the
     * client's write, and returns the request line.
     */
    private static String skipRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                in.readNBytes(Integer.parseInt(line.substring(15).strip()));
            }
        }
        return head.toString().lines().findFirst().orElse("");
    }
}
