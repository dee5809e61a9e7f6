package io.meridian.cli.place;

import io.meridian.cli.CommonOptions;
import io.meridian.cli.ops.Operations;
import io.meridian.cli.runtime.Connections;
import io.meridian.config.MeridianConfig;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import io.meridian.topics.Topics;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meridian silo drain ID}: empties a silo; placement retires it when nothing is left. */
@Command(name = "silo", mixinStandardHelpOptions = true, description = "Silo lifecycle.",
        subcommands = {SiloCommand.Drain.class})
public final class SiloCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = {"Publish the silo as DRAINING: placement moves every file that exists only there to where",
                    "policies (or else a silo of the same tier) say, deletes verified extra copies, then marks it RETIRED."})
    static final class Drain implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            MeridianConfig config = common.loadConfig();
            try (Operations operations = Operations.forCommand(Connections.of(config, common.home()))) {
                Silo silo = operations.silo(id);
                if (silo.getState() == SiloState.RETIRED) {
                    throw new IllegalArgumentException("silo '" + id + "' is already retired");
                }
                operations.drain(silo);
            }
            spec.commandLine().getOut().println("draining " + id + "; follow with 'meridian tail " + Topics.SILOS + " --follow'");
            return 0;
        }
    }
}
