package io.meridian.query.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Merges directory listings from several partitions: a subdirectory appears in many, once in the answer. */
final class Children {
    private Children() {
    }

    /** The union of sorted listings, sorted by code point, without repeats, at most {@code limit}. */
    static List<String> merge(List<List<String>> listings, int limit) {
        TreeSet<String> all = new TreeSet<>(SortedSource::compare);
        listings.forEach(all::addAll);
        List<String> out = new ArrayList<>(Math.min(limit, all.size()));
        for (String name : all) {
            if (out.size() == limit) {
                break;
            }
            out.add(name);
        }
        return out;
    }
}
