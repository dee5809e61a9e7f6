package io.meridian.query.api;

import io.meridian.expr.FileFacts;
import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import io.meridian.namespace.LogicalPath;
import io.meridian.namespace.PathRejectedException;
import io.meridian.namespace.TagNames;
import io.meridian.query.store.FileRow;
import io.meridian.query.store.MetadataStore;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import io.meridian.schemas.Silo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /v1/locality?prefix=/datasets/train/[&tag=key=value...]}: where a set of files is, for a
 * scheduler scoring nodes. For the files below the prefix (and with every given tag), the number of
 * files and bytes, and per site and per tier of each site the files and bytes whose current content
 * has a present copy there (a copy of older content does not count; a file with two copies at one
 * site counts once there). {@code complete} says whether every file is at that site.
 */
final class Locality {
    private final MetadataStore store;

    Locality(MetadataStore store) {
        this.store = store;
    }

    /** Files and bytes of one place (a site, or a tier of a site). */
    private static final class Tally {
        long files;
        long bytes;

        void add(long size) {
            files++;
            bytes += size;
        }
    }

    void locality(HttpCall call) throws java.io.IOException {
        String prefix = prefix(call.queryParameters().get("prefix"));
        Map<String, String> tags = tags(call.queryValues("tag"));
        Tally total = new Tally();
        Map<String, Tally> sites = new TreeMap<>();
        Map<String, Map<String, Tally>> tiers = new TreeMap<>();
        for (FileRow row : store.withPrefix(prefix)) {
            if (!row.tags().entrySet().containsAll(tags.entrySet())) {
                continue;
            }
            FileRecord record = row.record();
            Instance current = FileFacts.current(record);
            if (current == null || current.getState() != InstanceState.PRESENT) {
                continue; // no present copy anywhere: not a file a job can read
            }
            total.add(current.getSize());
            Set<String> seenSites = new HashSet<>();
            Set<String> seenTiers = new HashSet<>();
            for (Instance instance : record.getInstances()) {
                Silo silo = store.silo(instance.getSilo()).orElse(null);
                if (silo == null || instance.getState() != InstanceState.PRESENT || !FileFacts.sameContent(instance, current)) {
                    continue;
                }
                String tier = silo.getTier().name().toLowerCase(java.util.Locale.ROOT);
                if (seenSites.add(silo.getSite())) {
                    sites.computeIfAbsent(silo.getSite(), s -> new Tally()).add(current.getSize());
                }
                if (seenTiers.add(silo.getSite() + "\u0000" + tier)) {
                    tiers.computeIfAbsent(silo.getSite(), s -> new TreeMap<>()).computeIfAbsent(tier, t -> new Tally())
                            .add(current.getSize());
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        sites.forEach((site, tally) -> {
            Map<String, Object> entry = tally(tally);
            entry.put("site", site);
            entry.put("complete", tally.files == total.files);
            List<Map<String, Object>> byTier = new ArrayList<>();
            tiers.get(site).forEach((tier, t) -> {
                Map<String, Object> e = tally(t);
                e.put("tier", tier);
                byTier.add(e);
            });
            entry.put("tiers", byTier);
            out.add(entry);
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("prefix", prefix);
        answer.put("tags", tags);
        answer.put("files", total.files);
        answer.put("bytes", total.bytes);
        answer.put("sites", out);
        call.json(200, answer);
    }

    private static Map<String, Object> tally(Tally tally) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("files", tally.files);
        out.put("bytes", tally.bytes);
        return out;
    }

    private static String prefix(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            throw HttpException.badRequest("give the files: GET /v1/locality?prefix=/datasets/train/ (a directory, ending in '/')");
        }
        try {
            return LogicalPath.directory(prefix.endsWith("/") ? prefix : prefix + "/");
        } catch (PathRejectedException e) {
            throw HttpException.badRequest(e.getMessage());
        }
    }

    private static Map<String, String> tags(List<String> values) {
        Map<String, String> tags = new TreeMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            if (eq < 0) {
                throw HttpException.badRequest("tag '" + value + "' is not key=value, e.g. tag=stage=training");
            }
            try {
                String key = TagNames.checkKey(value.substring(0, eq));
                tags.put(key, TagNames.checkValue(key, value.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw HttpException.badRequest(e.getMessage());
            }
        }
        return tags;
    }
}
