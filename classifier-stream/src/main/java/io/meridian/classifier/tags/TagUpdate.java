package io.meridian.classifier.tags;

import io.meridian.namespace.TagNames;
import io.meridian.schemas.Tag;
import io.meridian.schemas.TagCommand;
import io.meridian.schemas.TagOp;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies a {@link TagCommand} to the tags set on one path (a file's own tags or a directory's),
 * keeping who set each tag and when. Keys and values are validated again here: a command may come
 * from any producer, not only the CLI.
 */
public final class TagUpdate {
    private TagUpdate() {
    }

    /** Throws IllegalArgumentException naming the bad key or value. */
    public static void validate(TagCommand command) {
        if (command.getActor() == null || command.getActor().isBlank()) {
            throw new IllegalArgumentException("tag command " + command.getCommandId() + " has no actor");
        }
        if (command.getOp() == TagOp.SET) {
            command.getTags().forEach((key, value) -> TagNames.checkValue(TagNames.checkKey(key), value));
        } else {
            command.getKeys().forEach(TagNames::checkKey);
        }
    }

    /** The tags after {@code command}; {@code own} holds only tags set on this path itself. */
    public static Map<String, Tag> apply(Map<String, Tag> own, TagCommand command) {
        Map<String, Tag> out = new TreeMap<>(own);
        if (command.getOp() == TagOp.SET) {
            command.getTags().forEach((key, value) -> out.put(key, Tag.newBuilder()
                    .setValue(value).setSetBy(command.getActor()).setSetAt(command.getAt()).setInheritedFrom(null).build()));
        } else {
            command.getKeys().forEach(out::remove);
        }
        return out;
    }
}
