package io.meridian.placement.request;

import io.meridian.namespace.LogicalPath;
import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import io.meridian.schemas.StagingRequest;
import io.meridian.schemas.Tag;
import io.meridian.schemas.Tier;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which files a staging request selects: those under any of its path prefixes (all files when it
 * gives none) whose effective tags carry every tag of its selector. Prefixes are also key ranges of
 * the sorted local store ({@link #rangeEnd(String)}), so a directory is one range scan.
 */
public final class StagingSelector {
    private StagingSelector() {
    }

    public static boolean selects(StagingRequest request, FileRecord record) {
        if (!request.getPrefixes().isEmpty()
                && request.getPrefixes().stream().noneMatch(p -> record.getPath().startsWith(p))) {
            return false;
        }
        for (Map.Entry<String, String> wanted : request.getTags().entrySet()) {
            Tag tag = record.getTags().get(wanted.getKey());
            String auto = record.getAutoTags().get(wanted.getKey());
            boolean has = tag != null && wanted.getValue().equals(tag.getValue()) || wanted.getValue().equals(auto);
            if (!has) {
                return false;
            }
        }
        return true;
    }

    /** The exclusive upper bound of the key range of every path starting with {@code prefix}. */
    public static String rangeEnd(String prefix) {
        return prefix + Character.MAX_VALUE;
    }

    /** Checks a request at the edge: ids present, prefixes absolute logical paths, times in order. */
    public static void validate(StagingRequest request) {
        if (request.getRequestId() == null || request.getRequestId().isBlank()) {
            throw new IllegalArgumentException("requestId: is empty");
        }
        if (request.getSite() == null || request.getSite().isBlank()) {
            throw new IllegalArgumentException("site: is empty; give the site of the GPUs");
        }
        for (String prefix : request.getPrefixes()) {
            if (prefix.endsWith("/")) {
                LogicalPath.directory(prefix);
            } else {
                LogicalPath.file(prefix);
            }
        }
        if (request.getPrefixes().isEmpty() && request.getTags().isEmpty()) {
            throw new IllegalArgumentException("prefixes/tags: select files with a path prefix or a tag");
        }
        if (request.getPinUntil().isBefore(request.getDeadline())) {
            throw new IllegalArgumentException("pinUntil: is before the deadline");
        }
    }

    /**
     * Checks a request's place against the silos (those on meridian.silos): its site must be the site
     * of a silo that is not retired, and its tier, when given, the tier of one of them. The message
     * names the field and lists the valid values, e.g. {@code site: unknown site 'mars' (known sites:
     * gpu-east, onprem)}.
     */
    public static void checkPlace(StagingRequest request, Collection<Silo> silos) {
        SortedSet<String> sites = new TreeSet<>();
        SortedSet<String> tiers = new TreeSet<>();
        for (Silo silo : silos) {
            if (silo.getState() != SiloState.RETIRED) {
                sites.add(silo.getSite());
                if (silo.getSite().equals(request.getSite())) {
                    tiers.add(silo.getTier().name().toLowerCase(Locale.ROOT));
                }
            }
        }
        if (!sites.contains(request.getSite())) {
            throw new IllegalArgumentException("site: unknown site '" + request.getSite() + "' (known sites: "
                    + (sites.isEmpty() ? "none; no silo is published on meridian.silos" : String.join(", ", sites)) + ")");
        }
        Tier tier = request.getTier();
        if (tier != null && !tiers.contains(tier.name().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("tier: no silo at site '" + request.getSite() + "' has tier '"
                    + tier.name().toLowerCase(Locale.ROOT) + "' (tiers there: " + String.join(", ", tiers) + ")");
        }
    }
}
