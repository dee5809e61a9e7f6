package io.meridian.cli.place;

import io.meridian.cli.ops.OperationsStage;
import io.meridian.cli.ops.SiloReport;
import io.meridian.http.HttpApi;
import io.meridian.http.HttpCall;
import io.meridian.http.HttpException;
import io.meridian.http.Role;
import io.meridian.schemas.Silo;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP twins of {@code meridian silo ls | drain | activate}, running the same
 * {@link io.meridian.cli.ops.Operations} as the commands:
 * <ul>
 *   <li>{@code GET /v1/silos}: every silo as {@link #describe} writes it, by id (read role);</li>
 *   <li>{@code GET /v1/silos/{id}}: one silo, 404 when there is no such silo;</li>
 *   <li>{@code POST /v1/silos/{id}/drain}: 202 with the silo now DRAINING; 400 when it is retired;</li>
 *   <li>{@code POST /v1/silos/{id}/activate}: 202 with the silo now ACTIVE; 400 when it is active already.</li>
 * </ul>
 * Changes need the operator role; an unknown silo is 404 with the known ones listed.
 */
public final class SiloRoutes {
    private final OperationsStage operations;

    private SiloRoutes(OperationsStage operations) {
        this.operations = operations;
    }

    public static void register(HttpApi http, OperationsStage operations) {
        SiloRoutes routes = new SiloRoutes(operations);
        // "/v1/silos/" also matches "/v1/silos" (and wins over it, being longer): one route lists or shows one
        http.route("GET", "/v1/silos/", Role.READ, routes::get)
                .route("POST", "/v1/silos/", Role.OPERATOR, routes::change);
    }

    private void get(HttpCall call) throws IOException {
        String id = call.rest();
        if (id.isEmpty()) {
            call.json(200, operations.operations().siloReports().stream().map(SiloRoutes::describe).toList());
        } else {
            call.json(200, describe(known(id, operations.operations()::siloReport)));
        }
    }

    private void change(HttpCall call) throws IOException {
        String rest = call.rest();
        int slash = rest.lastIndexOf('/');
        String verb = slash < 0 ? "" : rest.substring(slash + 1);
        String id = slash < 0 ? rest : rest.substring(0, slash);
        Function<String, Silo> change = switch (verb) {
            case "drain" -> operations.operations()::drain;
            case "activate" -> operations.operations()::activate;
            default -> throw HttpException.notFound("POST /v1/silos/{id}/drain and /v1/silos/{id}/activate are the calls here");
        };
        known(id, operations.operations()::silo);
        Silo changed;
        try {
            changed = change.apply(id);
        } catch (IllegalArgumentException e) {
            throw HttpException.badRequest(e.getMessage());
        }
        call.json(202, Map.of("silo", id, "state", changed.getState().name()));
    }

    /** {@code lookup} of {@code id}; an unknown silo is 404 with the operations' message. */
    private static <T> T known(String id, Function<String, T> lookup) {
        try {
            return lookup.apply(id);
        } catch (IllegalArgumentException e) {
            throw HttpException.notFound(e.getMessage());
        }
    }

    /**
     * A silo as JSON: id, site, tier, kind, state (lower case), capacityBytes, usedBytes, files, and
     * measuredAt (epoch millis of its usage, null when never measured).
     */
    static Map<String, Object> describe(SiloReport report) {
        Silo silo = report.silo();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", silo.getId());
        out.put("site", silo.getSite());
        out.put("tier", lower(silo.getTier().name()));
        out.put("kind", lower(silo.getKind().name()));
        out.put("state", lower(silo.getState().name()));
        out.put("capacityBytes", silo.getCapacityBytes());
        out.put("usedBytes", report.usedBytes());
        out.put("files", report.files());
        out.put("measuredAt", report.usage() == null ? null : report.usage().getUpdatedAt().toEpochMilli());
        return out;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
