package io.meridian.http;

/** Handles one call of a registered route; throw {@link HttpException} for an error answer. */
@FunctionalInterface
public interface Route {
    void handle(HttpCall call) throws Exception;
}
