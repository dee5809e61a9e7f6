package io.meridian.query.console;

import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The web console's files, served from the jar: {@code GET /} answers the page, {@code GET /console/NAME}
 * one of its assets. Only the names in {@link #FILES} exist, each a plain name checked against
 * {@link #NAME} before anything is looked up, so no path (a '/', '..', '%2e') can reach another
 * resource. The files hold no data (the page fetches it from the API with the user's token), so they
 * need no token themselves.
 *
 * <p>Answers carry the file's type, an ETag (its SHA-256) with {@code Cache-Control: no-cache} (a
 * browser revalidates and gets 304 when unchanged), {@code X-Content-Type-Options: nosniff} and a
 * Content-Security-Policy that allows only this server's own scripts, styles and connections: the
 * console loads nothing from elsewhere, which is also what lets it run in an air-gapped data centre.
 */
public final class ConsoleAssets {
    /** The classpath folder the files are in. */
    static final String ROOT = "/console/";
    /** What an asset name may look like: no separators, no dots but the extension's. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(html|js|css|svg)");
    static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    static final String INDEX = "index.html";
    static final java.util.List<String> FILES = java.util.List.of(INDEX, "app.js", "pages.js", "files.js", "app.css", "logo.svg");
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private record Asset(byte[] bytes, String type, String etag) {
    }

    private final Map<String, Asset> assets = new TreeMap<>();

    /** Loads every file of {@link #FILES} from the classpath; a missing one is a build mistake. */
    public ConsoleAssets() {
        for (String name : FILES) {
            try (InputStream in = ConsoleAssets.class.getResourceAsStream(ROOT + name)) {
                if (in == null) {
                    throw new IllegalStateException("console file " + ROOT + name + " is not in the jar");
                }
                byte[] bytes = in.readAllBytes();
                assets.put(name, new Asset(bytes, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), etag(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code GET /}: the console's page. */
    public void index(HttpCall call) throws IOException {
        serve(call, assets.get(INDEX));
    }

    /** {@code GET /console/NAME}: one asset; {@code GET /console/} is the page too. */
    public void asset(HttpCall call) throws IOException {
        String name = call.rest().isEmpty() ? INDEX : call.rest();
        Asset asset = Optional.of(name).filter(n -> NAME.matcher(n).matches()).map(assets::get)
                .orElseThrow(() -> HttpException.notFound("no console file " + ROOT + name));
        serve(call, asset);
    }

    /** The total size of the files the first page loads, for the size budget test. */
    long firstPageBytes() {
        return assets.values().stream().mapToLong(a -> a.bytes().length).sum();
    }

    private static void serve(HttpCall call, Asset asset) throws IOException {
        call.responseHeader("ETag", asset.etag());
        call.responseHeader("Cache-Control", "no-cache");
        call.responseHeader("X-Content-Type-Options", "nosniff");
        call.responseHeader("Content-Security-Policy", CSP);
        call.responseHeader("Referrer-Policy", "no-referrer");
        if (call.header("If-None-Match").filter(asset.etag()::equals).isPresent()) {
            call.bytes(304, asset.type(), new byte[0]);
            return;
        }
        call.bytes(200, asset.type(), asset.bytes());
    }

    private static String etag(byte[] bytes) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
