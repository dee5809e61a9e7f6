package io.meridian.config;

import io.meridian.schemas.Tier;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Checks a policy's {@code place} selector against the silos known where it is read: a silo id must
 * exist, a site must have a silo, a tier must have a silo, and the selector as a whole (ids, site,
 * tier and labels together, as placement matches them) must select at least one silo. A selector
 * that selects nothing is always a mistake when it is written: the policy would never place a file.
 * Messages list what is known, sorted, so that the config loader and {@code policy apply} word them
 * the same.
 */
final class PlacementCheck {
    private PlacementCheck() {
    }

    /** The silo id at {@code node}; refused when {@code known} is not null and has no such silo. */
    static String siloId(ConfigNode node, List<SiloFacts> known) {
        String id = node.text();
        if (known != null && known.stream().noneMatch(s -> s.id().equals(id))) {
            throw node.error("unknown silo '" + id + "' (known silos: " + list(known, SiloFacts::id) + ")");
        }
        return id;
    }

    /** Refuses a site or tier no known silo has, and a selector that selects no known silo. */
    static void check(ConfigNode place, List<String> ids, String site, Tier tier, Map<String, String> labels,
                      List<SiloFacts> known) {
        if (site != null && known.stream().noneMatch(s -> site.equals(s.site()))) {
            throw place.child("site").error("no known silo is at site '" + site + "' (sites: " + list(known, SiloFacts::site) + ")");
        }
        if (tier != null && known.stream().noneMatch(s -> tier == s.tier())) {
            throw place.child("tier").error("no known silo has tier '" + name(tier) + "' (tiers: "
                    + list(known, s -> name(s.tier())) + ")");
        }
        if (known.stream().noneMatch(s -> selects(s, ids, site, tier, labels))) {
            throw place.error("selects no known silo: none matches all of its fields (known silos: "
                    + list(known, PlacementCheck::describe) + ")");
        }
    }

    /** As placement's SiloSelectors: every given field must match, empty ones match every silo. */
    private static boolean selects(SiloFacts silo, List<String> ids, String site, Tier tier, Map<String, String> labels) {
        return (ids.isEmpty() || ids.contains(silo.id()))
                && (site == null || site.equals(silo.site()))
                && (tier == null || tier == silo.tier())
                && labels.entrySet().stream().allMatch(l -> Objects.equals(l.getValue(), silo.labels().get(l.getKey())));
    }

    private static String describe(SiloFacts silo) {
        String labels = silo.labels().isEmpty() ? "" : " " + new java.util.TreeMap<>(silo.labels());
        return silo.id() + " at " + silo.site() + ", " + name(silo.tier()) + labels;
    }

    private static String name(Tier tier) {
        return tier == null ? "none" : tier.name().toLowerCase(Locale.ROOT);
    }

    private static String list(List<SiloFacts> known, Function<SiloFacts, String> part) {
        TreeSet<String> parts = new TreeSet<>();
        known.forEach(s -> parts.add(part.apply(s)));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
