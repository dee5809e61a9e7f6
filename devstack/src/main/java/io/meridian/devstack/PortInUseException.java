package io.meridian.devstack;

/** A devstack component could not listen on its port because another process holds it. */
public final class PortInUseException extends IllegalStateException {
    private final int port;

    public PortInUseException(int port, Throwable cause) {
        super("port " + port + " is in use: stop the other process or choose another port", cause);
        this.port = port;
    }

    /** The port that was taken. */
    public int port() {
        return port;
    }
}
