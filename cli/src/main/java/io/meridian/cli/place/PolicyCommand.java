package io.meridian.cli.place;

import io.meridian.cli.CommonOptions;
import io.meridian.cli.ops.Operations;
import io.meridian.cli.runtime.Connections;
import io.meridian.config.MeridianConfig;
import io.meridian.schemas.Policy;
import io.meridian.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meridian policy apply FILE | ls | rm NAME}: the objectives on meridian.policies. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Manage placement objectives on " + Topics.POLICIES + " (hot-reloaded by placement).",
                "Policies from meridian.yaml are republished by 'meridian up' and 'meridian init'."},
        subcommands = {PolicyCommand.Apply.class, PolicyCommand.Ls.class, PolicyCommand.Rm.class})
public final class PolicyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Validate the policies of a YAML file (the 'policies:' list of meridian.yaml) and publish them.",
                    "Checked as meridian.yaml's policies are, with place against the silos on " + Topics.SILOS + ";",
                    "nothing is published when one is refused (exit 1)."})
    static final class Apply implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "FILE", description = "YAML file with a 'policies:' list, a list, or one policy.")
        Path file;

        @Override
        public Integer call() {
            PolicyFile.Document document = PolicyFile.read(file);
            Instant now = Instant.now();
            PolicyFile.parse(document, now, null); // shape and conditions, refused before connecting
            MeridianConfig config = common.loadConfig();
            try (Operations operations = Operations.forCommand(Connections.of(config, common.home()))) {
                for (Policy policy : operations.applyPolicies(document, now)) {
                    spec.commandLine().getOut().println("applied " + policy.getName());
                }
            }
            return 0;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the published policies, highest priority first.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            MeridianConfig config = common.loadConfig();
            try (Operations operations = Operations.forCommand(Connections.of(config, common.home()))) {
                Collection<Policy> policies = operations.policies();
                PrintWriter out = spec.commandLine().getOut();
                policies.stream()
                        .sorted(java.util.Comparator.comparingInt((Policy p) -> -p.getPriority()).thenComparing(Policy::getName))
                        .forEach(p -> out.printf("%-24s priority %-4d copies %d%s  when %s  place %s%n", p.getName(),
                                p.getPriority(), p.getCopies(), p.getExclusive() ? " exclusive" : "", p.getWhen(), p.getPlace()));
                if (policies.isEmpty()) {
                    out.println("no policies");
                }
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Remove a policy (a tombstone on the topic); files it placed stay until another objective moves them.")
    static final class Rm implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            MeridianConfig config = common.loadConfig();
            try (Operations operations = Operations.forCommand(Connections.of(config, common.home()))) {
                if (!operations.removePolicy(name)) {
                    throw new IllegalArgumentException("no policy named '" + name + "'; see 'meridian policy ls'");
                }
            }
            spec.commandLine().getOut().println("removed " + name);
            return 0;
        }
    }
}
