package io.meridian.cli.convergence;

import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * Changes the silos the way their users do, not the way movers do: POSIX files written in place,
 * appended to, renamed and deleted with plain file calls; S3 objects put, server-side copied and
 * removed through the S3 API, each change followed by its bucket notification on the
 * {@link NotificationFeed}; and hook events ({@code POST /v1/events}) for files that do not exist.
 * Each call answers whether it found what it acts on (a mover may have moved it away meanwhile).
 */
final class SiloWriter {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ConvergenceStack stack;
    private final NotificationFeed feed;

    SiloWriter(ConvergenceStack stack, NotificationFeed feed) {
        this.stack = stack;
        this.feed = feed;
    }

    /** Writes {@code content} at {@code key} (created or replaced in place). */
    void write(String silo, String key, byte[] content) throws Exception {
        if (silo.equals(ConvergenceStack.ARCHIVE)) {
            ObjectWriteResponse put = stack.s3().putObject(PutObjectArgs.builder().bucket(ConvergenceStack.ARCHIVE).object(key)
                    .stream(new ByteArrayInputStream(content), content.length, -1).build());
            feed.created(key, content.length, put.etag(), false);
            return;
        }
        Path file = stack.root(silo).resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    /** Appends {@code tail} to an existing POSIX file; false when the file is gone. S3 has no append: write the whole. */
    boolean append(String silo, String key, byte[] tail) throws Exception {
        try {
            Files.write(stack.root(silo).resolve(key), tail, StandardOpenOption.APPEND);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Renames {@code from} to {@code to} within a silo; false when {@code from} is gone. */
    boolean rename(String silo, String from, String to) throws Exception {
        if (silo.equals(ConvergenceStack.ARCHIVE)) {
            if (!exists(from)) {
                return false;
            }
            ObjectWriteResponse copy = stack.s3().copyObject(CopyObjectArgs.builder().bucket(ConvergenceStack.ARCHIVE).object(to)
                    .source(CopySource.builder().bucket(ConvergenceStack.ARCHIVE).object(from).build()).build());
            long size = stack.s3().statObject(StatObjectArgs.builder().bucket(ConvergenceStack.ARCHIVE).object(to).build()).size();
            feed.created(to, size, copy.etag(), true);
            delete(silo, from);
            return true;
        }
        Path target = stack.root(silo).resolve(to);
        Files.createDirectories(target.getParent());
        try {
            Files.move(stack.root(silo).resolve(from), target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Deletes {@code key}; S3 sends its notification whether or not the object was there, as S3 does. */
    void delete(String silo, String key) throws Exception {
        if (silo.equals(ConvergenceStack.ARCHIVE)) {
            stack.s3().removeObject(RemoveObjectArgs.builder().bucket(ConvergenceStack.ARCHIVE).object(key).build());
            feed.removed(key);
        } else {
            Files.deleteIfExists(stack.root(silo).resolve(key));
        }
    }

    /** A storage hook's UPSERT for {@code key} of {@code silo}, which holds no such file. */
    void ghost(String silo, String key, long size) throws Exception {
        String body = "[{\"silo\":\"" + silo + "\",\"path\":\"" + ConvergenceStack.MOUNT + "/" + key + "\",\"size\":" + size
                + ",\"mtime\":\"" + Instant.now() + "\"}]";
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/v1/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("POST /v1/events answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private boolean exists(String key) throws Exception {
        try {
            stack.s3().statObject(StatObjectArgs.builder().bucket(ConvergenceStack.ARCHIVE).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return false;
            }
            throw e;
        }
    }
}
