package io.meridian.schemas.registry;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;

/**
 * Where the schema registry is and how to reach it, read from Confluent's client property names so a
 * Meridian process can share its registry config with any Confluent-configured tool.
 *
 * <p>{@code url} is the registry to try first; {@code failoverUrls} are tried in turn when a connection
 * to it fails (Confluent's comma-separated {@code schema.registry.url}). A URL may carry a path prefix,
 * e.g. Apicurio's {@code http://host:8080/apis/ccompat/v7}; every API path is appended to it.
 *
 * <p>Secrets: {@link #toString()} masks the password of {@code basicAuthUserInfo} and the trust store
 * password, and no Meridian message ever includes them.
 *
 * @param basicAuthUserInfo {@code user:password} for HTTP basic authentication, or null for none
 * @param trustStore trust store with the registry's CA for {@code https} URLs, or null for the JVM default
 * @param trustStoreType key store type of the trust store (JKS, PKCS12); JKS when null, like Confluent
 * @param timeout bound of connecting and of each request
 */
public record RegistrySettings(URI url, String basicAuthUserInfo, Path trustStore, String trustStorePassword,
                               String trustStoreType, Duration timeout, List<URI> failoverUrls) {

    public static final String URL = "schema.registry.url";
    public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String USER_INFO = "basic.auth.user.info";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    /** Not a Confluent name: Meridian's bound on connecting and on each request, in milliseconds. */
    public static final String TIMEOUT_MS = "meridian.schema.registry.timeout.ms";

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_TRUSTSTORE_TYPE = "JKS";

    public RegistrySettings {
        if (url == null) {
            throw new IllegalArgumentException(URL + " is required, e.g. http://localhost:8081");
        }
        checkScheme(url);
        failoverUrls = failoverUrls == null ? List.of() : List.copyOf(failoverUrls);
        failoverUrls.forEach(RegistrySettings::checkScheme);
        trustStoreType = trustStoreType == null || trustStoreType.isBlank() ? DEFAULT_TRUSTSTORE_TYPE : trustStoreType;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(TIMEOUT_MS + " must be positive, was " + timeout.toMillis());
        }
    }

    /** Settings with one registry URL and no failover. */
    public RegistrySettings(URI url, String basicAuthUserInfo, Path trustStore, String trustStorePassword,
                            String trustStoreType, Duration timeout) {
        this(url, basicAuthUserInfo, trustStore, trustStorePassword, trustStoreType, timeout, List.of());
    }

    /** Plain settings for one registry URL (a comma list is accepted), no authentication, default TLS. */
    public static RegistrySettings of(String url) {
        return fromConfig(Map.of(URL, url));
    }

    /**
     * Reads Confluent's property names. {@code basic.auth.credentials.source} may be USER_INFO (use
     * {@code basic.auth.user.info}) or URL (use the user info of the URL, Confluent's default).
     *
     * @throws IllegalArgumentException naming the property when a value is missing or invalid
     */
    public static RegistrySettings fromConfig(Map<String, ?> props) {
        List<URI> urls = parseUrls(string(props, URL));
        String source = string(props, CREDENTIALS_SOURCE);
        String userInfo = userInfo(source == null ? "URL" : source.trim().toUpperCase(Locale.ROOT), props, urls.get(0));
        String trustStore = string(props, TRUSTSTORE_LOCATION);
        String timeoutMs = string(props, TIMEOUT_MS);
        Duration timeout = timeoutMs == null ? DEFAULT_TIMEOUT : Duration.ofMillis(parseLong(TIMEOUT_MS, timeoutMs));
        return new RegistrySettings(stripUserInfo(urls.get(0)), userInfo,
                trustStore == null || trustStore.isBlank() ? null : Path.of(trustStore),
                string(props, TRUSTSTORE_PASSWORD), string(props, TRUSTSTORE_TYPE), timeout,
                urls.subList(1, urls.size()).stream().map(RegistrySettings::stripUserInfo).toList());
    }

    /** The registry URLs in the order they are tried. */
    public List<URI> urls() {
        List<URI> all = new ArrayList<>();
        all.add(url);
        all.addAll(failoverUrls);
        return all;
    }

    /** The user name of basic authentication, or null; never the password. */
    public String basicAuthUser() {
        if (basicAuthUserInfo == null) {
            return null;
        }
        int colon = basicAuthUserInfo.indexOf(':');
        return colon < 0 ? basicAuthUserInfo : basicAuthUserInfo.substring(0, colon);
    }

    @Override
    public String toString() {
        return "RegistrySettings[urls=" + urls()
                + ", basicAuthUser=" + (basicAuthUserInfo == null ? "none" : basicAuthUser() + ":****")
                + ", trustStore=" + (trustStore == null ? "JVM default" : trustStore + " (" + trustStoreType + ")")
                + ", trustStorePassword=" + (trustStorePassword == null ? "none" : "****")
                + ", timeout=" + timeout + "]";
    }

    private static String userInfo(String source, Map<String, ?> props, URI firstUrl) {
        switch (source) {
            case "USER_INFO" -> {
                String info = string(props, USER_INFO);
                if (info == null || info.isBlank() || !info.contains(":")) {
                    throw new IllegalArgumentException(USER_INFO + " must be set to user:password when "
                            + CREDENTIALS_SOURCE + " is USER_INFO");
                }
                return info;
            }
            case "URL" -> {
                return firstUrl.getRawUserInfo() == null ? null : decode(firstUrl.getRawUserInfo());
            }
            default -> throw new IllegalArgumentException(CREDENTIALS_SOURCE + " must be USER_INFO or URL, was '"
                    + source + "' (Meridian does not support SASL_INHERIT)");
        }
    }

    private static List<URI> parseUrls(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(URL + " is required, e.g. http://localhost:8081");
        }
        List<URI> urls = new ArrayList<>();
        for (String part : value.split(",")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                URI uri = URI.create(trimmed);
                checkScheme(uri);
                urls.add(uri);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(URL + " has an invalid URL '" + redact(trimmed)
                        + "': " + e.getMessage().replace(trimmed, redact(trimmed)), e);
            }
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(URL + " is required, e.g. http://localhost:8081");
        }
        return urls;
    }

    private static void checkScheme(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(URL + " must be an http:// or https:// URL with a host, was '"
                    + redact(uri.toString()) + "'");
        }
    }

    private static URI stripUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        return URI.create(redact(uri.toString()).replace("****@", ""));
    }

    /** The URL with any user info replaced, so it can go into a message. */
    static String redact(String url) {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1****@");
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of milliseconds, was '" + value + "'", e);
        }
    }

    private static String string(Map<String, ?> props, String name) {
        Object value = props.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Password password) {
            return password.value();
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return value.toString();
    }
}
