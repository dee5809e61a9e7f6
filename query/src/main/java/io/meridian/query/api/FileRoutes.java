package io.meridian.query.api;

import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import io.meridian.namespace.LogicalPath;
import io.meridian.namespace.PathRejectedException;
import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataStore;
import io.meridian.schemas.serde.AvroJson;
import io.meridian.storage.ObjectStat;
import io.meridian.storage.SiloStore;
import io.meridian.storage.SymlinkRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/files/{path}} (the file's record as JSON), {@code GET /v1/files/{path}/content}
 * (its bytes, with Range requests) and {@code GET /v1/ls?path=/dir/} (a directory's children,
 * subdirectories first, then files; a file's path lists that file; 404 for a path that is neither a
 * file nor a directory with something in it, except the root, which may be empty).
 * Every path is validated with {@link LogicalPath} before it is looked up.
 */
final class FileRoutes {
    static final String CONTENT_SUFFIX = "/content";
    /** The reader's site, for choosing the nearest copy; defaults to the API's own. */
    static final String SITE_HEADER = "X-Meridian-Site";
    static final int MAX_LISTING = 10_000;

    private final MetadataStore store;
    private final InstanceChooser chooser;
    private final SiloReaders readers;
    private final AccessEvents accessEvents;
    private final ReadMetrics metrics;
    private final String defaultSite;

    FileRoutes(MetadataStore store, SiloReaders readers, AccessEvents accessEvents, ReadMetrics metrics, String defaultSite) {
        this.store = store;
        this.readers = readers;
        this.chooser = new InstanceChooser(store, readers::canRead);
        this.accessEvents = accessEvents;
        this.metrics = metrics;
        this.defaultSite = defaultSite;
    }

    /** The route of {@code /v1/files/}: a record, or content when the path ends in /content. */
    void files(HttpCall call) throws IOException {
        String path = "/" + call.rest();
        Optional<FileRow> row = store.file(validFile(path));
        if (row.isPresent()) {
            call.json(200, AvroJson.toTree(row.get().record()));
            return;
        }
        if (path.endsWith(CONTENT_SUFFIX) && path.length() > CONTENT_SUFFIX.length()) {
            String file = validFile(path.substring(0, path.length() - CONTENT_SUFFIX.length()));
            content(call, store.file(file).orElseThrow(() -> notFound(file)));
            return;
        }
        throw notFound(path);
    }

    void list(HttpCall call) throws IOException {
        String dir = call.queryParameters().getOrDefault("path", "/");
        String directory = dir.endsWith("/") ? dir : dir + "/";
        try {
            LogicalPath.directory(directory);
        } catch (PathRejectedException e) {
            throw HttpException.badRequest(e.getMessage());
        }
        int limit = Math.min(MAX_LISTING, Integer.parseInt(call.queryParameters().getOrDefault("limit", "1000")));
        if (!dir.endsWith("/") && store.file(dir).isPresent()) {
            call.json(200, Map.of("path", dir, "entries", List.of(entry(dir)), "truncated", false));
            return;
        }
        List<String> children = store.children(directory, limit + 1);
        if (children.isEmpty() && !directory.equals("/")) {
            throw HttpException.notFound("no such file or directory: " + dir);
        }
        // directories first, then files, each in path order (as 'ls' lists them)
        List<Map<String, Object>> entries = children.stream().limit(limit)
                .sorted(java.util.Comparator.comparing((String c) -> !LogicalPath.isDirectory(c)))
                .map(this::entry).toList();
        call.json(200, Map.of("path", directory, "entries", entries, "truncated", children.size() > limit));
    }

    private Map<String, Object> entry(String child) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", child);
        if (LogicalPath.isDirectory(child)) {
            entry.put("type", "directory");
            return entry;
        }
        store.file(child).ifPresent(row -> {
            entry.put("type", row.record().getFileType().name().toLowerCase(java.util.Locale.ROOT)); // file, symlink, other
            entry.put("size", row.size());
            entry.put("mtime", java.time.Instant.ofEpochMilli(row.mtime()).toString());
            entry.put("silos", row.silos());
            entry.put("state", row.state());
            entry.put("tags", row.tags());
        });
        return entry;
    }

    private void content(HttpCall call, FileRow row) throws IOException {
        String site = call.header(SITE_HEADER).orElse(defaultSite);
        List<InstanceChooser.Candidate> candidates = chooser.candidates(row, site);
        if (candidates.isEmpty()) {
            throw new HttpException(409, row.path() + " has no present copy in a silo this server can read"
                    + " (POSIX, or S3 silos of its config); its copies are in " + row.silos());
        }
        SymlinkRefusedException refused = null;
        for (InstanceChooser.Candidate candidate : candidates) {
            try {
                if (candidate.posix()) {
                    servePosix(call, row.path(), candidate);
                } else {
                    serveS3(call, row.path(), candidate);
                }
                return;
            } catch (NoSuchFileException e) {
                // moved or deleted since the record was written: the next copy still has the bytes
                metrics.fallback();
            } catch (SymlinkRefusedException e) {
                // this copy is a symlink (or below one) on disk: never followed, but another copy may be real
                refused = e;
            }
        }
        if (refused != null) {
            throw new HttpException(403, row.path() + ": " + refused.getMessage());
        }
        throw new HttpException(503, row.path() + ": every known copy vanished while reading; retry shortly");
    }

    /** Serves a POSIX copy through its silo's confined store: no component of its path may be a symlink. */
    private void servePosix(HttpCall call, String path, InstanceChooser.Candidate candidate) throws IOException {
        try (FileChannel channel = readers.posix(candidate.silo()).openChannel(candidate.key(), 0)) {
            long size = channel.size();
            Optional<ByteRange> range = range(call, size);
            long start = range.map(ByteRange::start).orElse(0L);
            long length = range.map(ByteRange::length).orElse(size);
            try (OutputStream out = startAnswer(call, candidate, range, size, length)) {
                var target = Channels.newChannel(out);
                long sent = 0;
                while (sent < length) {
                    sent += channel.transferTo(start + sent, length - sent, target);
                }
            }
            finished(call, path, candidate, length);
        }
    }

    private void serveS3(HttpCall call, String path, InstanceChooser.Candidate candidate) throws IOException {
        SiloStore store = readers.store(candidate.silo().getId())
                .orElseThrow(() -> new NoSuchFileException(candidate.key()));
        ObjectStat stat = store.stat(candidate.key()).orElseThrow(() -> new NoSuchFileException(candidate.key()));
        Optional<ByteRange> range = range(call, stat.size());
        long start = range.map(ByteRange::start).orElse(0L);
        long length = range.map(ByteRange::length).orElse(stat.size());
        // opened before answering, so that a vanished object still falls back to the next copy
        try (InputStream in = store.open(candidate.key(), start, length);
             OutputStream out = startAnswer(call, candidate, range, stat.size(), length)) {
            in.transferTo(out);
        }
        finished(call, path, candidate, length);
    }

    private static Optional<ByteRange> range(HttpCall call, long size) {
        try {
            return ByteRange.parse(call.header("Range").orElse(null), size);
        } catch (ByteRange.UnsatisfiableRangeException e) {
            call.responseHeader("Content-Range", "bytes */" + size);
            throw new HttpException(416, "range not satisfiable; the content has " + size + " bytes");
        }
    }

    private static OutputStream startAnswer(HttpCall call, InstanceChooser.Candidate candidate, Optional<ByteRange> range,
                                            long size, long length) throws IOException {
        call.responseHeader("Accept-Ranges", "bytes");
        call.responseHeader("X-Meridian-Silo", candidate.silo().getId());
        range.ifPresent(r -> call.responseHeader("Content-Range", "bytes " + r.start() + "-" + r.end() + "/" + size));
        return call.stream(range.isPresent() ? 206 : 200, "application/octet-stream", length);
    }

    private void finished(HttpCall call, String path, InstanceChooser.Candidate candidate, long length) {
        metrics.served(length);
        accessEvents.record(path, candidate.silo().getId(), length, call.caller());
    }

    private static String validFile(String path) {
        try {
            return LogicalPath.file(path);
        } catch (PathRejectedException e) {
            throw HttpException.badRequest(e.getMessage());
        }
    }

    private static HttpException notFound(String path) {
        return HttpException.notFound("no file " + path + " in the global namespace");
    }
}
