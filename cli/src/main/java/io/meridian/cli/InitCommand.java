package io.meridian.cli;

import io.meridian.cli.runtime.Connections;
import io.meridian.cli.runtime.Initializer;
import io.meridian.config.MeridianConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code meridian init}: topics, schemas, silos and policies, idempotently. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create the topics and publish the config's silos and policies.",
                "Creates Meridian's topics, registers their schemas and publishes the config's",
                "silos and policies. Safe to run again: existing topics are kept (and checked),",
                "silos and policies are republished. Against an embedded config it uses the",
                "running './meridian up' (which runs init itself)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed (Kafka or the schema registry unreachable...); the message says why",
                "2:the config is invalid (the message names the field), or a usage error"})
final class InitCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        MeridianConfig config = common.loadConfig();
        Initializer.Report report = Initializer.run(config, Connections.of(config, common.home()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Topics: %d created, %d already present%n", report.topics().created().size(),
                report.topics().existing().size());
        report.topics().warnings().forEach(w -> out.println("warning: " + w));
        out.printf("Schemas: %d registered; silos: %d published; policies: %d published%n",
                report.schemas(), report.silos(), report.policies());
        return 0;
    }
}
