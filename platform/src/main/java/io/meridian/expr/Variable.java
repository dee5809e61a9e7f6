package io.meridian.expr;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import java.util.HashMap;
import java.util.Map;

/**
 * The variables of Meridian's condition language, the same in classification rules and policies
 * (see {@link FileFacts} for how each is computed). A file-level size, time or silo is that of the
 * current instance ({@link FileFacts#current}). The one exception: {@link #AUTO_TAGS} is refused in a
 * classification rule, whose job is to compute the auto-tags ({@link Condition.Use#CLASSIFICATION}).
 */
public enum Variable {
    PATH("path", SimpleType.STRING),
    NAME("name", SimpleType.STRING),
    EXT("ext", SimpleType.STRING),
    SIZE("size", SimpleType.INT),
    MTIME("mtime", SimpleType.INT),
    OWNER("owner", SimpleType.STRING),
    SILO("silo", SimpleType.STRING),
    SILOS("silos", ListType.create(SimpleType.STRING)),
    TAGS("tags", MapType.create(SimpleType.STRING, SimpleType.STRING)),
    AUTO_TAGS("autoTags", MapType.create(SimpleType.STRING, SimpleType.STRING)),
    MAGIC("magic", SimpleType.STRING),
    INSTANCES("instances", ListType.create(MapType.create(SimpleType.STRING, SimpleType.DYN)));

    private static final Map<String, Variable> BY_NAME = byName();

    private final String id;
    private final CelType type;

    Variable(String id, CelType type) {
        this.id = id;
        this.type = type;
    }

    /** The name a condition uses. */
    public String id() {
        return id;
    }

    /** The CEL type the compiler checks it against. */
    public CelType type() {
        return type;
    }

    /** The variable a condition calls {@code id}, or null when there is none. */
    public static Variable named(String id) {
        return BY_NAME.get(id);
    }

    private static Map<String, Variable> byName() {
        Map<String, Variable> byName = new HashMap<>();
        for (Variable variable : values()) {
            byName.put(variable.id, variable);
        }
        return Map.copyOf(byName);
    }
}
