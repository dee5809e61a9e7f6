package io.meridian.classifier.rules;

import io.meridian.schemas.FileRecord;
import io.meridian.schemas.Instance;
import io.meridian.schemas.InstanceState;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a classification rule can see of a file. The file-level attributes come from its
 * representative instance: the newest present one (else the newest of any state).
 *
 * @param ext   lower-case extension without the dot ("" when none); "tar.gz"-style double extensions
 *              report the last part ("gz")
 * @param magic the format the content sniffer recognised in the file's first bytes ({@link ContentTag}),
 *              "" when it is not sniffed (yet) or no format was recognised
 */
public record FileFacts(String path, String name, String ext, long size, long mtimeMillis, String owner,
                        String silo, List<String> silos, Map<String, String> tags, String magic) {

    /** The facts of a record that has at least one instance. */
    public static FileFacts of(FileRecord record) {
        Instance representative = representative(record.getInstances());
        String path = record.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String ext = dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        Map<String, String> tags = new HashMap<>();
        record.getTags().forEach((key, tag) -> tags.put(key, tag.getValue()));
        return new FileFacts(path, name, ext, representative.getSize(), representative.getMtime().toEpochMilli(),
                record.getOwner() == null ? "" : record.getOwner(), representative.getSilo(),
                record.getInstances().stream().map(Instance::getSilo).toList(), tags, ContentTag.magicOf(record));
    }

    /** The variables a CEL rule is evaluated with. */
    public Map<String, Object> variables() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("path", path);
        vars.put("name", name);
        vars.put("ext", ext);
        vars.put("size", size);
        vars.put("mtime", mtimeMillis);
        vars.put("owner", owner);
        vars.put("silo", silo);
        vars.put("silos", silos);
        vars.put("tags", tags);
        vars.put("magic", magic);
        return vars;
    }

    private static Instance representative(List<Instance> instances) {
        Comparator<Instance> newest = Comparator.comparing(Instance::getUpdatedAt);
        return instances.stream().filter(i -> i.getState() == InstanceState.PRESENT).max(newest)
                .orElseGet(() -> instances.stream().max(newest).orElseThrow());
    }
}
