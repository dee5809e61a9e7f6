package io.meridian.query.api;

import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import io.meridian.namespace.LogicalPath;
import io.meridian.namespace.PathRejectedException;
import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataStore;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Tag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/tags?path=P}, what {@code meridian tag ls} prints: for a file, its effective tags from
 * its record (own and inherited, with who set them, when, and the directory an inherited one comes
 * from, then its auto-tags); for a directory (P ends in '/'), the tags set on it by the tag commands
 * still in {@code meridian.tag-commands}' retention. Each tag is {@code {key, value, origin}} with
 * origin {@code own}, {@code inherited}, {@code auto} or {@code directory}. A file without a record
 * is a 404 that says why there may be none.
 */
final class TagListing {
    private final MetadataStore store;

    TagListing(MetadataStore store) {
        this.store = store;
    }

    void tags(HttpCall call) throws IOException {
        String path = call.queryParameters().get("path");
        if (path == null || path.isBlank()) {
            throw HttpException.badRequest("give the path: GET /v1/tags?path=/datasets/train/ (a directory ends in '/')");
        }
        List<Map<String, Object>> tags = new ArrayList<>();
        String checked;
        try {
            checked = LogicalPath.isDirectory(path) ? LogicalPath.directory(path) : LogicalPath.file(path);
        } catch (PathRejectedException e) {
            throw HttpException.badRequest(e.getMessage());
        }
        if (LogicalPath.isDirectory(checked)) {
            store.directoryTags(checked).forEach((key, value) -> tags.add(tag(key, value, "directory")));
        } else {
            FileRecord record = store.file(checked).map(FileRow::record).orElseThrow(() -> HttpException.notFound(
                    "no record for " + checked + " (no instance of it is known, or the classifier has not seen it yet)"));
            new TreeMap<>(record.getTags()).forEach((key, tag) -> tags.add(own(key, tag)));
            new TreeMap<>(record.getAutoTags()).forEach((key, value) -> tags.add(tag(key, value, "auto")));
        }
        call.json(200, Map.of("path", checked, "tags", tags));
    }

    private static Map<String, Object> own(String key, Tag tag) {
        Map<String, Object> out = tag(key, tag.getValue(), tag.getInheritedFrom() == null ? "own" : "inherited");
        out.put("setBy", tag.getSetBy());
        out.put("setAt", tag.getSetAt().toString());
        if (tag.getInheritedFrom() != null) {
            out.put("inheritedFrom", tag.getInheritedFrom());
        }
        return out;
    }

    private static Map<String, Object> tag(String key, String value, String origin) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", key);
        out.put("value", value);
        out.put("origin", origin);
        return out;
    }
}
