package io.meridian.movers;

import io.meridian.config.SiloConfig;
import io.meridian.namespace.LogicalPath;
import io.meridian.namespace.PathRejectedException;
import io.meridian.namespace.SiloLocations;
import io.meridian.storage.Keys;

/** Maps a logical path to the key of its instance in a silo (the path below the silo's mount, {@link SiloLocations}). */
final class SiloKeys {
    private SiloKeys() {
    }

    /** Whether the silo's mount covers the path ({@link SiloLocations#covers}). */
    static boolean covers(SiloConfig silo, String path) {
        return SiloLocations.covers(silo.mount(), path);
    }

    /** The silo-relative key, validated; BAD_COMMAND when the path is invalid or outside the silo's mount. */
    static String keyOf(SiloConfig silo, String path) throws MoveFailure {
        try {
            LogicalPath.file(path);
        } catch (PathRejectedException e) {
            throw new MoveFailure(MoveFailure.BAD_COMMAND, e.getMessage());
        }
        if (!covers(silo, path)) {
            throw new MoveFailure(MoveFailure.BAD_COMMAND, "path " + path + " is not below silo " + silo.id()
                    + "'s mount " + silo.mount());
        }
        try {
            return Keys.check(SiloLocations.relative(silo.mount(), path));
        } catch (IllegalArgumentException e) {
            throw new MoveFailure(MoveFailure.BAD_COMMAND, e.getMessage());
        }
    }
}
