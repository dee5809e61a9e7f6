package io.meridian.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads YAML into a Jackson tree and remembers the line of every value, so that validation errors
 * can point at the line a user has to change. Jackson's tree model drops locations; this keeps
 * them in a map keyed by JSON pointer ({@code /silos/1/capacity}).
 */
final class YamlTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;
    private final Map<String, Integer> lines;

    private YamlTree(JsonNode root, Map<String, Integer> lines) {
        this.root = root;
        this.lines = lines;
    }

    static YamlTree parse(String source, String text) {
        return parse(source, text, "");
    }

    /**
     * Parses YAML text; errors name {@code source}, the line and the field. {@code rootList} names the
     * elements of a document that is a list ({@code policies} makes them {@code policies[0]}...).
     *
     * @throws ConfigException for text that is not YAML, a key set twice in one mapping, or a second document
     */
    static YamlTree parse(String source, String text, String rootList) {
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            Map<String, Integer> lines = new HashMap<>();
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new YamlTree(NODES.nullNode(), lines);
            }
            JsonNode root = read(parser, "", lines);
            if (parser.nextToken() != null) {
                throw new ConfigException(source, parser.currentTokenLocation().getLineNr(), "",
                        "a second YAML document (after '---') starts here; write one document");
            }
            return new YamlTree(root, lines);
        } catch (DuplicateKey e) {
            throw new ConfigException(source, e.line, field(e.pointer, rootList), "duplicate key; it is already set on line "
                    + e.firstLine + " (YAML would silently keep only one of them)");
        } catch (IOException e) {
            JsonLocation at = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getLocation() : null;
            int line = at == null ? 0 : at.getLineNr();
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw new ConfigException(source, line, "", "not valid YAML: " + firstLine(reason));
        }
    }

    /** Whether the text holds no value at all (empty, or only comments and document markers). */
    boolean empty() {
        return root.isNull();
    }

    JsonNode root() {
        return root;
    }

    /** Line of the value at a JSON pointer, or of its nearest located parent. */
    int lineOf(String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 0;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    private static JsonNode read(JsonParser parser, String pointer, Map<String, Integer> lines) throws IOException {
        lines.put(pointer, parser.currentTokenLocation().getLineNr());
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    String child = pointer + "/" + name;
                    if (object.has(name)) {
                        throw new DuplicateKey(child, keyLine, lines.get(child));
                    }
                    parser.nextToken();
                    object.set(name, read(parser, child, lines));
                    lines.put(child, keyLine);
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, pointer + "/" + index++, lines));
                }
                return array;
            }
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_TRUE:
            case VALUE_FALSE:
                return NODES.booleanNode(parser.getBooleanValue());
            case VALUE_NUMBER_INT:
                return NODES.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            default:
                return NODES.textNode(parser.getText());
        }
    }

    /** The dotted field of a JSON pointer, as {@link ConfigNode} names it: {@code /silos/1/id} is {@code silos[1].id}. */
    private static String field(String pointer, String rootList) {
        StringBuilder field = new StringBuilder(pointer.matches("/\\d+(/.*)?") ? rootList : "");
        for (String part : pointer.substring(1).split("/")) {
            if (part.matches("\\d+")) {
                field.append('[').append(part).append(']');
            } else {
                field.append(field.length() == 0 ? "" : ".").append(part);
            }
        }
        return field.toString();
    }

    /**
     * A key set twice in one mapping. Jackson's tree would keep the last value (and its
     * STRICT_DUPLICATE_DETECTION names neither the field path nor the first line), so the reader
     * refuses it itself, where it sees both.
     */
    private static final class DuplicateKey extends RuntimeException {
        private final String pointer;
        private final int line;
        private final int firstLine;

        DuplicateKey(String pointer, int line, int firstLine) {
            super(pointer, null, false, false);
            this.pointer = pointer;
            this.line = line;
            this.firstLine = firstLine;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
