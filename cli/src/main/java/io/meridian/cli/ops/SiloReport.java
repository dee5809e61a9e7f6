package io.meridian.cli.ops;

import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloUsage;

/**
 * A silo as published on meridian.silos with its latest usage from meridian.silo-usage ({@code usage}
 * null when it was never measured). While the silo drains, its usage is what is left to move off it.
 */
public record SiloReport(Silo silo, SiloUsage usage) {

    public long usedBytes() {
        return usage == null ? 0 : usage.getUsedBytes();
    }

    public long files() {
        return usage == null ? 0 : usage.getFileCount();
    }
}
