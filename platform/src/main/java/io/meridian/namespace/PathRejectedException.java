package io.meridian.namespace;

/** A path refused at the edge, with the reason. */
public final class PathRejectedException extends IllegalArgumentException {
    private final String path;
    private final String reason;

    public PathRejectedException(String path, String reason) {
        super("invalid path '" + path + "': " + reason);
        this.path = path;
        this.reason = reason;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
