package io.meridian.config;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the {@code http:} section into an {@link HttpConfig}. Refuses inline tokens (they would sit
 * in the file and in backups) and a non-loopback bind address without tokens (the API would be open
 * to the network).
 */
final class HttpParser {
    private static final Set<String> FIELDS = Set.of("bind", "port", "tokens");
    private static final Set<String> TOKENS = Set.of("readOnly", "operator");
    /** ${env:NAME}, ${file:PATH}, env:NAME or file:PATH. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):[^}]+}|(env|file):\\S+");

    private HttpParser() {
    }

    static HttpConfig parse(ConfigNode node) {
        node.allowOnly(FIELDS);
        String bind = node.optionalString("bind").orElse(HttpConfig.DEFAULT_BIND);
        int port = node.optional("port", n -> ConfigLoader.range(n, 0, 65_535)).orElse(HttpConfig.DEFAULT_PORT);
        String readOnly = null;
        String operator = null;
        if (node.has("tokens")) {
            ConfigNode tokens = node.child("tokens").requireObject().allowOnly(TOKENS);
            readOnly = tokens.optionalString("readOnly").map(v -> reference(tokens.child("readOnly"), v)).orElse(null);
            operator = tokens.optionalString("operator").map(v -> reference(tokens.child("operator"), v)).orElse(null);
        }
        HttpConfig config = new HttpConfig(bind, port, readOnly, operator);
        if (!config.loopback() && !config.hasTokens()) {
            throw node.child("bind").error("'" + bind + "' is reachable from other machines; configure http.tokens"
                    + " (readOnly and/or operator, e.g. operator: ${env:MERIDIAN_OPERATOR_TOKEN}) or bind 127.0.0.1");
        }
        return config;
    }

    private static String reference(ConfigNode node, String value) {
        if (!REFERENCE.matcher(value).matches()) {
            throw node.error("must not be inline; write ${env:NAME} or ${file:PATH} (or env:NAME, file:PATH)");
        }
        return value;
    }
}
