package io.meridian.query.console;

import io.meridian.http.HttpApi;
import io.meridian.http.Role;
import io.meridian.query.store.MetadataStore;
import java.time.Clock;

/**
 * Registers the web console and the read routes it needs beyond the query API: {@code GET /} and
 * {@code GET /console/NAME} (the page and its files, no token), {@code GET /v1/overview},
 * {@code GET /v1/compliance}, {@code GET /v1/changes} (Server-Sent Events) and {@code GET /v1/whoami}
 * ({@code {"role": "read" | "operator"}}, what the caller's token may do), read-only role.
 * Everything else the console shows or changes goes through the same documented routes a script uses
 * ({@code POST /v1/query}, {@code /v1/ls}, {@code /v1/files/}, {@code /v1/tags}, {@code /v1/policies},
 * {@code /v1/staging}).
 */
public final class ConsoleRoutes {
    private ConsoleRoutes() {
    }

    public static void register(HttpApi http, MetadataStore store, Clock clock) {
        ConsoleAssets assets = new ConsoleAssets();
        ChangesRoute changes = new ChangesRoute(store);
        http.route("GET", "/", Role.PUBLIC, assets::index)
                .route("GET", "/console/", Role.PUBLIC, assets::asset)
                .route("GET", "/v1/overview", Role.READ, call -> call.json(200, Overview.of(store, clock.millis())))
                .route("GET", "/v1/compliance", Role.READ, call -> call.json(200, Compliance.of(store, clock)))
                .route("GET", "/v1/changes", Role.READ, changes::changes)
                .route("GET", "/v1/whoami", Role.READ,
                        call -> call.json(200, java.util.Map.of("role", call.granted().name().toLowerCase(java.util.Locale.ROOT))));
    }
}
