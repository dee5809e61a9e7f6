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
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            Map<String, Integer> lines = new HashMap<>();
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new YamlTree(NODES.objectNode(), lines);
            }
            JsonNode root = read(parser, "", lines);
            return new YamlTree(root, lines);
        } catch (IOException e) {
            JsonLocation at = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getLocation() : null;
            int line = at == null ? 0 : at.getLineNr();
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw new ConfigException(source, line, "", "not valid YAML: " + firstLine(reason));
        }
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
                    parser.nextToken();
                    String child = pointer + "/" + name;
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

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
