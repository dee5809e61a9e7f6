package io.meridian.classifier.tags;

import io.meridian.schemas.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The effective user tags of a file: its own tags win; a key it does not set comes from the
 * nearest ancestor directory that sets it, marked with {@link Tag#getInheritedFrom()}.
 */
public final class EffectiveTags {
    private EffectiveTags() {
    }

    /**
     * @param path        the file's logical path
     * @param current     the file's effective tags so far (own tags have no {@code inheritedFrom})
     * @param directories the tags set on a directory path (ending in '/'), or null when none
     * @return the effective tags, sorted by key
     */
    public static Map<String, Tag> compute(String path, Map<String, Tag> current,
                                           Function<String, Map<String, Tag>> directories) {
        Map<String, Tag> effective = new TreeMap<>(own(current));
        for (String directory : ancestors(path)) {
            Map<String, Tag> tags = directories.apply(directory);
            if (tags == null) {
                continue;
            }
            tags.forEach((key, tag) -> effective.putIfAbsent(key, inherited(tag, directory)));
        }
        return effective;
    }

    /** The tags set on the file itself. */
    public static Map<String, Tag> own(Map<String, Tag> tags) {
        Map<String, Tag> own = new LinkedHashMap<>();
        tags.forEach((key, tag) -> {
            if (tag.getInheritedFrom() == null) {
                own.put(key, tag);
            }
        });
        return own;
    }

    /** Every directory above {@code path}, nearest first, down to the root "/". */
    public static List<String> ancestors(String path) {
        List<String> out = new ArrayList<>();
        int slash = path.endsWith("/") ? path.lastIndexOf('/', path.length() - 2) : path.lastIndexOf('/');
        while (slash >= 0) {
            out.add(path.substring(0, slash + 1));
            slash = slash == 0 ? -1 : path.lastIndexOf('/', slash - 1);
        }
        return out;
    }

    private static Tag inherited(Tag tag, String directory) {
        return Tag.newBuilder(tag).setInheritedFrom(directory).build();
    }
}
