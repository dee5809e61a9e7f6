package io.meridian.cli.place;

import io.meridian.cli.CommonOptions;
import io.meridian.cli.runtime.Connections;
import io.meridian.config.MeridianConfig;
import io.meridian.schemas.Silo;
import io.meridian.schemas.SiloState;
import io.meridian.schemas.registry.SchemaRegistry;
import io.meridian.topics.Topic;
import io.meridian.topics.TopicCatalog;
import io.meridian.topics.Topics;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
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

    /** The silo {@code id} on meridian.silos; an unknown id is an IllegalArgumentException listing the known ones. */
    static Silo known(Properties kafka, Topic<String, Silo> topic, String id) {
        Map<String, Silo> silos = TopicIo.latest(kafka, topic);
        Silo silo = silos.get(id);
        if (silo == null) {
            throw new IllegalArgumentException("no silo '" + id + "' on " + Topics.SILOS + " (known silos: "
                    + (silos.isEmpty() ? "none" : String.join(", ", new TreeSet<>(silos.keySet()))) + ")");
        }
        return silo;
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
            Connections connections = Connections.of(config, common.home());
            try (SchemaRegistry registry = connections.registry()) {
                Topic<String, Silo> silos = TopicCatalog.SILOS.bind(registry);
                Silo silo = known(connections.kafka(), silos, id);
                if (silo.getState() == SiloState.RETIRED) {
                    throw new IllegalArgumentException("silo '" + id + "' is already retired");
                }
                TopicIo.publish(connections.kafka(), silos, id, Silo.newBuilder(silo).setState(SiloState.DRAINING).build());
            }
            spec.commandLine().getOut().println("draining " + id + "; follow with 'meridian tail " + Topics.SILOS + " --follow'");
            return 0;
        }
    }
}
