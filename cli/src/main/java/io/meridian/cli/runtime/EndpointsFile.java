package io.meridian.cli.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What a running {@code meridian up} serves, written to {@code <home>/endpoints.json} so that every
 * other {@code meridian} command on an {@code embedded} config connects to it instead of starting its
 * own components. Holds addresses only: the S3 keys are in a separate file readable by the owner
 * only, named here.
 */
public record EndpointsFile(
        long pid,
        String startedAt,
        String config,
        String kafkaBootstrap,
        String registryUrl,
        String s3Endpoint,
        String s3CredentialsFile,
        String httpUrl) {

    /** Endpoints without an HTTP API (written before the HTTP server starts). */
    public EndpointsFile(long pid, String startedAt, String config, String kafkaBootstrap, String registryUrl,
                         String s3Endpoint, String s3CredentialsFile) {
        this(pid, startedAt, config, kafkaBootstrap, registryUrl, s3Endpoint, s3CredentialsFile, null);
    }

    /** The same endpoints with the base URL of the HTTP API (query, files, metrics). */
    public EndpointsFile withHttpUrl(String url) {
        return new EndpointsFile(pid, startedAt, config, kafkaBootstrap, registryUrl, s3Endpoint, s3CredentialsFile, url);
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes atomically (temp file + rename), so a reader never sees half a file. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(temp.toFile(), this);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The endpoints of a running {@code up}; empty when none was written or its process is gone. */
    public static Optional<EndpointsFile> readLive(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            EndpointsFile endpoints = read(JSON.readTree(file.toFile()));
            boolean alive = ProcessHandle.of(endpoints.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.of(endpoints) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // unreadable means no usable running instance
        }
    }

    /**
     * The endpoints of a file's JSON, field by field: binding the record ({@code readValue}) makes Jackson
     * introspect it first, which cost every client command that finds its server here ~70 ms of CPU.
     */
    private static EndpointsFile read(JsonNode node) throws IOException {
        if (!node.isObject() || !node.path("pid").canConvertToLong()) {
            throw new IOException("not an endpoints file: " + node);
        }
        return new EndpointsFile(node.get("pid").asLong(), text(node, "startedAt"), text(node, "config"), text(node, "kafkaBootstrap"),
                text(node, "registryUrl"), text(node, "s3Endpoint"), text(node, "s3CredentialsFile"), text(node, "httpUrl"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Like {@link #readLive} but fails with the instruction a user needs. */
    public static EndpointsFile require(Path file) {
        return readLive(file).orElseThrow(() -> new IllegalStateException(
                "no running Meridian found (" + file + "): start ./meridian up first, in another terminal"));
    }
}
