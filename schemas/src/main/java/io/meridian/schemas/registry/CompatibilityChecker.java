package io.meridian.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Decides whether a new schema may be registered after earlier versions, with Avro's own
 * {@link SchemaCompatibility}, and explains a refusal in Confluent's message format, naming the field.
 *
 * <p>BACKWARD means the new schema reads data written with the earlier one; FORWARD the reverse;
 * FULL both. Non-transitive levels compare with the latest version only.
 */
public final class CompatibilityChecker {

    private CompatibilityChecker() {
    }

    /**
     * Returns the reasons the new schema is refused; empty when it may be registered.
     *
     * @param earlier every earlier version of the subject, oldest first
     */
    public static List<String> check(CompatibilityLevel level, Schema candidate, List<Schema> earlier) {
        List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
            return problems;
        }
        List<Schema> against = level.transitive() ? earlier : List.of(earlier.get(earlier.size() - 1));
        for (Schema old : against) {
            if (level.checksBackward()) {
                problems.addAll(explain(candidate, old, "new"));
            }
            if (level.checksForward()) {
                problems.addAll(explain(old, candidate, "old"));
            }
        }
        return problems;
    }

    private static List<String> explain(Schema reader, Schema writer, String readerName) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        List<String> messages = new ArrayList<>();
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            messages.add(describe(incompatibility, reader, readerName));
        }
        return messages;
    }

    private static String describe(Incompatibility incompatibility, Schema reader, String readerName) {
        String field = fieldAt(reader, incompatibility.getLocation());
        String type = incompatibility.getType().name();
        String description = switch (incompatibility.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE -> "The field '" + incompatibility.getMessage() + "' at path '"
                    + incompatibility.getLocation() + "' in the " + readerName
                    + " schema has no default value and is missing in the other schema";
            default -> "The field '" + field + "' at path '" + incompatibility.getLocation() + "' in the "
                    + readerName + " schema: " + incompatibility.getMessage();
        };
        String info = incompatibility.getType() == SchemaCompatibility.SchemaIncompatibilityType
                .READER_FIELD_MISSING_DEFAULT_VALUE ? incompatibility.getMessage() : field;
        return "{errorType:'" + type + "', description:'" + description + "', additionalInfo:'" + info + "'}";
    }

    /** Resolves a location such as {@code /fields/2/type/fields/0} to a dotted field name. */
    static String fieldAt(Schema schema, String location) {
        String[] parts = location.split("/");
        StringBuilder name = new StringBuilder();
        Schema current = schema;
        for (int i = 1; i < parts.length && current != null; i++) {
            String part = parts[i];
            if (part.equals("fields") && i + 1 < parts.length && current.getType() == Schema.Type.RECORD) {
                int index = Integer.parseInt(parts[++i]);
                if (index >= current.getFields().size()) {
                    break;
                }
                Schema.Field field = current.getFields().get(index);
                name.append(name.length() == 0 ? "" : ".").append(field.name());
                current = field.schema();
            } else if (part.equals("items") && current.getType() == Schema.Type.ARRAY) {
                current = current.getElementType();
            } else if (part.equals("values") && current.getType() == Schema.Type.MAP) {
                current = current.getValueType();
            } else if (current.getType() == Schema.Type.UNION && part.matches("\\d+")) {
                int branch = Integer.parseInt(part);
                current = branch < current.getTypes().size() ? current.getTypes().get(branch) : null;
            }
        }
        return name.length() == 0 ? "(top level)" : name.toString();
    }
}
