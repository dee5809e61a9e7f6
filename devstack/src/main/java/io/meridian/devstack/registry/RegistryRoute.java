package io.meridian.devstack.registry;

import java.util.regex.Pattern;

/**
 * One endpoint of the registry: an HTTP method and a path pattern whose groups are the path parameters.
 * The action returns the JSON-serialisable answer of a 200 response, or throws the registry's error.
 */
record RegistryRoute(String method, Pattern path, Action action) {

    static RegistryRoute get(String path, Action action) {
        return new RegistryRoute("GET", Pattern.compile(path), action);
    }

    static RegistryRoute post(String path, Action action) {
        return new RegistryRoute("POST", Pattern.compile(path), action);
    }

    static RegistryRoute put(String path, Action action) {
        return new RegistryRoute("PUT", Pattern.compile(path), action);
    }

    static RegistryRoute delete(String path, Action action) {
        return new RegistryRoute("DELETE", Pattern.compile(path), action);
    }

    @FunctionalInterface
    interface Action {
        Object handle(RegistryRequest request);
    }
}
