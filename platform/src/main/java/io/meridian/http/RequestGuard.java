package io.meridian.http;

import com.sun.net.httpserver.Headers;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What keeps web pages a user visits from driving the API through the user's browser (cross-site
 * request forgery, DNS rebinding). Browsers attach no bearer token on their own, so a server with
 * tokens is safe from them already; a loopback server without tokens is not, and gets all three
 * checks below. The answer is an {@link HttpException} naming the rule, or nothing when the request
 * may go on.
 * <ol>
 *   <li><b>Host</b> (no tokens only): must name a loopback address ({@code 127.0.0.1},
 *   {@code localhost}, {@code [::1]}) or the bound address, with the server's port or none; anything
 *   else is what a DNS-rebinding page sends: 421 Misdirected Request. A request without Host (HTTP/1.0
 *   tools) passes; browsers always send one. With tokens any Host passes, so that a server behind a
 *   load balancer or a name needs no host list.</li>
 *   <li><b>Origin</b>: a request whose {@code Origin} is not the server's own (http or https and the
 *   request's Host) is refused, 403, when it changes state (POST, PUT, PATCH, DELETE), and for every
 *   method when there are no tokens. Requests without Origin (the CLI, curl, scripts) pass, and so
 *   do those of a web console served by this server, which browsers send with its own origin.</li>
 *   <li><b>Content-Type</b>: a state-changing request that has a body, or that names a type, must
 *   name one its route takes (by default only {@code application/json}), else 415. The types an HTML
 *   form or a no-preflight {@code fetch} can send (form-encoded, multipart, {@code text/plain}) are
 *   never taken, so a browser must ask first (CORS preflight), which this server never grants.</li>
 * </ol>
 */
final class RequestGuard {
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

    private final boolean tokens;
    private final Set<String> ownHosts;
    private final int port;

    /**
     * @param tokens    whether bearer tokens are configured
     * @param boundHost the address the server listens on, as in a URL ({@code [::1]} for IPv6)
     * @param port      the port it listens on
     */
    RequestGuard(boolean tokens, String boundHost, int port) {
        this.tokens = tokens;
        this.port = port;
        java.util.HashSet<String> hosts = new java.util.HashSet<>(LOOPBACK_NAMES);
        hosts.add(boundHost.toLowerCase(Locale.ROOT));
        this.ownHosts = Set.copyOf(hosts);
    }

    /** The refusal of a request before routing (Host, Origin), or empty. */
    Optional<HttpException> refuseBeforeRouting(String method, Headers headers) {
        String host = headers.getFirst("Host");
        if (!tokens && host != null && !ownHost(host)) {
            return Optional.of(new HttpException(421, "Host " + host + " is not this server; call it as http://127.0.0.1:"
                    + port + " (requests naming another host are refused: a loopback server without tokens serves this machine only)"));
        }
        String origin = headers.getFirst("Origin");
        boolean checkOrigin = !tokens || STATE_CHANGING.contains(method);
        if (checkOrigin && origin != null && !sameOrigin(origin, host)) {
            return Optional.of(new HttpException(403, "requests from web pages of another origin (" + origin
                    + ") are refused; call the API from the CLI, a script or this server's own pages"));
        }
        return Optional.empty();
    }

    /** The refusal of a request's body type for a route that takes {@code accepted} types, or empty. */
    static Optional<HttpException> refuseBody(String method, Headers headers, Set<String> accepted) {
        if (!STATE_CHANGING.contains(method)) {
            return Optional.empty();
        }
        String type = headers.getFirst("Content-Type");
        if (type == null) {
            return hasBody(headers) ? Optional.of(unsupported("no Content-Type", accepted)) : Optional.empty();
        }
        String media = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return accepted.contains(media) ? Optional.empty() : Optional.of(unsupported("Content-Type " + media, accepted));
    }

    private static HttpException unsupported(String sent, Set<String> accepted) {
        return new HttpException(415, "this call takes a body of type " + String.join(" or ", new java.util.TreeSet<>(accepted))
                + ", not " + sent + "; send e.g. Content-Type: application/json");
    }

    private static boolean hasBody(Headers headers) {
        String length = headers.getFirst("Content-Length");
        return headers.getFirst("Transfer-Encoding") != null || (length != null && !length.strip().equals("0"));
    }

    private boolean ownHost(String host) {
        String lower = host.strip().toLowerCase(Locale.ROOT);
        int colon = lower.lastIndexOf(':');
        boolean hasPort = colon > lower.lastIndexOf(']');
        String name = hasPort ? lower.substring(0, colon) : lower;
        return ownHosts.contains(name) && (!hasPort || lower.substring(colon + 1).equals(Integer.toString(port)));
    }

    /** Whether an Origin header names the scheme-less authority the request was sent to. */
    private static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        String lower = origin.strip().toLowerCase(Locale.ROOT);
        String authority = lower.startsWith("http://") ? lower.substring(7) : lower.startsWith("https://") ? lower.substring(8) : null;
        return authority != null && authority.equals(host.strip().toLowerCase(Locale.ROOT));
    }
}
