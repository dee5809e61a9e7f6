package io.meridian.cli;

import io.meridian.cli.runtime.MeridianHome;
import io.meridian.config.ConfigLoader;
import io.meridian.config.DemoConfig;
import io.meridian.config.MeridianConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every subcommand shares: which config, and where Meridian keeps its state. */
public final class CommonOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "meridian.yaml to use. Without it, the built-in demo config on embedded components.")
    Path config;

    @Option(names = "--home", paramLabel = "DIR",
            description = "State directory of embedded components and the endpoints file "
                    + "(default: $" + MeridianHome.ENV + " or ./" + MeridianHome.DEFAULT + ").")
    Path home;

    public MeridianHome home() {
        return MeridianHome.resolve(home);
    }

    /**
     * Loads and validates the config (or the demo); throws a one-line ConfigException when invalid,
     * including a policy condition that placement could not evaluate.
     */
    public MeridianConfig loadConfig() {
        return config == null ? DemoConfig.load(home().demoDir()) : ConfigLoader.load(config);
    }
}
