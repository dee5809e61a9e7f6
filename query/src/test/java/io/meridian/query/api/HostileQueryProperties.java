package io.meridian.query.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.config.HttpConfig;
import io.meridian.http.HttpApi;
import io.meridian.http.Json;
import io.meridian.http.Role;
import io.meridian.query.sql.QueryEngine;
import io.meridian.query.store.MetadataStore;
import io.meridian.query.testing.Records;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile SQL over the real HTTP route and hostile Range headers: never a 500. A query answers 2xx, or
 * a 4xx with a message, or (the documented limit answer) 503 once it runs past its timeout.
 */
class HostileQueryProperties {
    private static final List<String> TOKENS = List.of("SELECT", "*", "count(*)", "path", "size", "tags['stage']", "FROM",
            "files", "instances", "silos", "moves", "staging", "a", "b", ",", "WHERE", "path IN ('/d/f1.bin', '/d/f2.bin')",
            "path = '/d/f1.bin' OR path = '/d/f2.bin'", "path NOT IN ('x')", "path LIKE '/d/%'", "path > 'a'", "AND", "OR",
            "NOT", "(", ")", "'", "''", "\"", "1e999999", "99999999999999999999", "-9223372036854775808", "CAST(path AS INTEGER)",
            "1/0", "NULL", "UNION ALL", "WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t)", "SELECT count(*) FROM t",
            "ORDER BY", "GROUP BY", "LIMIT", "-1", "EMIT CHANGES", ";", "DROP TABLE files", "INSERT INTO files VALUES (1)",
            "\u0000", "\uD800", "/*", "--", "CROSS JOIN", "JOIN files f2 ON TRUE", "repeat('x', 3)", "ELEMENT(silos)", "silos[1]");

    private static MetadataStore store;
    private static HttpApi http;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeContainer
    static void start() throws Exception {
        store = new MetadataStore();
        for (int i = 0; i < 300; i++) {
            store.putFile(Records.file("/d/f" + i + ".bin", i, Map.of("stage", "s" + (i % 3)), "nas"));
        }
        QueryEngine engine = new QueryEngine(store, new QueryEngine.Limits(100, Duration.ofSeconds(20), 200_000, 8, 8));
        http = new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), name -> null);
        QueryRoutes routes = new QueryRoutes(engine, new ReadMetrics(new SimpleMeterRegistry(), store));
        http.route("POST", "/v1/query", Role.READ, routes::query).start();
    }

    @AfterContainer
    static void stop() {
        http.close();
    }

    @Property(tries = 150)
    void shouldNeverAnswerHostileSqlWith500(@ForAll("hostileSql") String sql) throws Exception {
        String body = Json.mapper().writeValueAsString(Map.of("sql", sql, "format", "json"));
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(http.url() + "/v1/query"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        assertThat(status).as(sql + " -> " + response.body()).matches(s -> s / 100 == 2 || s / 100 == 4 || s == 503);
        if (status >= 400) {
            assertThat(Json.mapper().readTree(response.body()).path("error").asText()).as(sql).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> hostileSql() {
        Arbitrary<String> tokens = Arbitraries.of(TOKENS).list().ofMinSize(1).ofMaxSize(14).map(l -> String.join(" ", l));
        Arbitrary<String> prefixed = tokens.map(t -> "SELECT path FROM files WHERE " + t);
        return Arbitraries.oneOf(tokens, prefixed, Arbitraries.strings().ofMaxLength(60));
    }

    @Property(tries = 500)
    void shouldParseAnyRangeHeaderIntoARangeInsideTheContentOrRefuseIt(@ForAll("rangeHeaders") String header,
                                                                      @ForAll @LongRange(min = 0, max = 1L << 40) long size) {
        try {
            Optional<ByteRange> range = ByteRange.parse(header, size);
            range.ifPresent(r -> assertThat(r.start()).isBetween(0L, r.end()));
            range.ifPresent(r -> assertThat(r.end()).isLessThan(size));
        } catch (ByteRange.UnsatisfiableRangeException refused) {
            assertThatThrownBy(() -> {
                throw refused;
            }).hasMessageContaining("not satisfiable");
        }
    }

    @Provide
    Arbitrary<String> rangeHeaders() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.strings().numeric().ofMaxLength(40), Arbitraries.of("", "-", "+1", "0x10", " 1"));
        Arbitrary<String> unit = Arbitraries.of("bytes=", "Bytes=", "items=", "bytes =", "");
        return net.jqwik.api.Combinators.combine(unit, number, number, Arbitraries.of("-", "--", ",", ""))
                .as((u, a, b, dash) -> u + a + dash + b);
    }
}
