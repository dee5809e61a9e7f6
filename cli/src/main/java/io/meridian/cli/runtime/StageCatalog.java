package io.meridian.cli.runtime;

import io.meridian.stage.Stage;
import io.meridian.stage.StageContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The stages {@code meridian up} runs for a config, in start order (producers of a topic after its
 * consumers would lose nothing, but consumers first keeps start-up logs readable). Each stage issue
 * adds its stage here; its own subcommand runs the same stage alone.
 */
public final class StageCatalog {
    private StageCatalog() {
    }

    public static List<Stage> forUp(StageContext context) {
        List<Stage> stages = new ArrayList<>();
        return stages;
    }
}
