package io.meridian.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Chooses and checks TCP ports on the loopback interface, where every devstack component listens.
 *
 * <p>A port reported free may be taken by another process before the caller binds it; components
 * therefore also translate their own bind failures into {@link PortInUseException}.
 */
public final class LocalPorts {

    /** The only address devstack components listen on: nothing is exposed beyond this machine. */
    public static final String HOST = "127.0.0.1";

    private LocalPorts() {
    }

    /** The loopback address as an {@link InetAddress}. */
    public static InetAddress loopback() {
        try {
            return InetAddress.getByName(HOST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port that is free on the loopback interface right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, loopback())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    /** {@code port} itself when positive and free, a free port when zero; fails when the port is taken. */
    public static int resolve(int port) {
        if (port == 0) {
            return freePort();
        }
        requireFree(port);
        return port;
    }

    /**
     * Fails with a message that says what to do when {@code port} cannot be bound on the loopback interface.
     *
     * @throws PortInUseException when another process holds the port
     */
    public static void requireFree(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
        try (ServerSocket socket = new ServerSocket()) {
            // Same SO_REUSEADDR setting as the servers themselves, so TIME_WAIT leftovers of our own
            // previous run do not count as "in use".
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port));
        } catch (IOException e) {
            throw new PortInUseException(port, e);
        }
    }
}
