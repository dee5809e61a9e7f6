package io.meridian.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one Confluent REST request to the first registry URL that accepts a connection, with the
 * content type, basic authentication and TLS trust of the {@link RegistrySettings}. Thread-safe.
 *
 * <p>Any HTTP answer, error statuses included, is returned; only a failure to get an answer at all
 * moves on to the next URL. The URL that answered last is tried first next time.
 */
final class RegistryTransport {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    // The Accept header of the API reference's example requests: newest version first, plain JSON last.
    static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, "
            + "application/json";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);

    private final RegistrySettings settings;
    private final HttpClient http;
    private final String authorization;
    private final AtomicInteger preferred = new AtomicInteger();

    /** One HTTP answer and the registry URL (without credentials) that gave it. */
    record Response(int status, String body, String registryUrl, String method, String path) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    RegistryTransport(RegistrySettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder()
                // Registries speak HTTP/1.1 (Confluent's own client uses HttpURLConnection); an h2c upgrade
                // attempt only adds a failure mode behind proxies.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                // A redirect could carry the Authorization header to another host; registries never redirect.
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.trustStore() != null) {
            builder.sslContext(sslContext(settings));
        }
        this.http = builder.build();
        this.authorization = settings.basicAuthUserInfo() == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString(settings.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code method pathAndQuery} with an optional JSON body.
     *
     * @param pathAndQuery already percent-encoded, starting with {@code /}
     * @throws SchemaRegistryException when no registry URL gave an answer
     */
    Response send(String method, String pathAndQuery, String jsonBody) {
        List<URI> urls = settings.urls();
        int first = preferred.get();
        IOException lastFailure = null;
        for (int attempt = 0; attempt < urls.size(); attempt++) {
            int index = (first + attempt) % urls.size();
            URI base = urls.get(index);
            try {
                HttpResponse<String> answer = http.send(request(base, method, pathAndQuery, jsonBody),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                preferred.set(index);
                return new Response(answer.statusCode(), answer.body(), display(base), method, pathAndQuery);
            } catch (IOException e) {
                lastFailure = e;
                if (attempt + 1 < urls.size()) {
                    LOG.warn("Schema registry {} unreachable ({}), trying {}", display(base), describe(e),
                            display(urls.get((index + 1) % urls.size())));
                }
            } catch (InterruptedException e) {
                // Keep the interrupt for the caller's loop (a stream thread shutting down).
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while calling the schema registry at "
                        + display(base) + " (" + method + " " + pathAndQuery + ")", e);
            }
        }
        throw new SchemaRegistryException("schema registry unreachable at " + displayAll(urls) + " ("
                + describe(lastFailure) + "): is the registry running? start ./meridian up or set "
                + "schemaRegistry.url (" + RegistrySettings.URL + ")", lastFailure);
    }

    /** The registry URLs, without credentials, for messages. */
    String registryUrls() {
        return displayAll(settings.urls());
    }

    private HttpRequest request(URI base, String method, String pathAndQuery, String jsonBody) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(base, pathAndQuery))
                .timeout(settings.timeout())
                .header("Accept", ACCEPT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (jsonBody == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** Appends the API path to the base URL, keeping a path prefix such as /apis/ccompat/v7. */
    static URI resolve(URI base, String pathAndQuery) {
        String prefix = base.toString();
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return URI.create(prefix + pathAndQuery);
    }

    private static SSLContext sslContext(RegistrySettings settings) {
        try (InputStream in = Files.newInputStream(settings.trustStore())) {
            KeyStore trustStore = KeyStore.getInstance(settings.trustStoreType());
            String password = settings.trustStorePassword();
            trustStore.load(in, password == null ? null : password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // The JDK's messages name the problem ("keystore password was incorrect"), never the password.
            throw new IllegalArgumentException(RegistrySettings.TRUSTSTORE_LOCATION + ": cannot load trust store "
                    + settings.trustStore() + " of type " + settings.trustStoreType() + " (" + describe(e)
                    + "); check the file, " + RegistrySettings.TRUSTSTORE_TYPE + " and "
                    + RegistrySettings.TRUSTSTORE_PASSWORD, e);
        }
    }

    private static String display(URI uri) {
        return RegistrySettings.redact(uri.toString());
    }

    private static String displayAll(List<URI> urls) {
        return urls.stream().map(RegistryTransport::display).collect(Collectors.joining(", "));
    }

    private static String describe(Exception e) {
        if (e == null) {
            return "no answer";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
