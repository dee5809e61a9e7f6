package io.meridian.cli.place;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.cli.api.ApiClient;
import io.meridian.cli.api.ServerOptions;
import io.meridian.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meridian policy apply FILE | ls | rm NAME}: the objectives on meridian.policies, as a thin
 * client of {@code POST /v1/policies}, {@code GET /v1/policies} and {@code DELETE /v1/policies/{name}}
 * ({@link PlacementRoutes}) on the running Meridian, which validates them.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Manage placement objectives (policies).",
                "Policies live on " + Topics.POLICIES + " (hot-reloaded by placement); those of",
                "meridian.yaml are republished by 'meridian up' and 'meridian init'.",
                "Talks to the running 'meridian up' (or --url)."},
        subcommands = {PolicyCommand.Apply.class, PolicyCommand.Ls.class, PolicyCommand.Rm.class})
public final class PolicyCommand implements Runnable {
    private static final String EXIT_USAGE = "2:invalid options";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Validate and publish the policies of a YAML file.",
                    "The file holds the 'policies:' list of meridian.yaml; they are checked as",
                    "meridian.yaml's are, with place against the silos on " + Topics.SILOS + ";",
                    "nothing is published when one is refused."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:every policy applied (each name is printed)",
                    "1:a policy was refused (the message says which and why), or Meridian cannot be reached", EXIT_USAGE})
    static final class Apply implements Callable<Integer> {
        @Mixin
        ServerOptions server;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "FILE", description = "YAML file with a 'policies:' list, a list, or one policy.")
        Path file;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PolicyFile.Document document = PolicyFile.read(file);
            PolicyFile.parse(document, Instant.now(), null); // shape and conditions, refused before connecting
            JsonNode answer = server.api().sendText("POST", "/v1/policies?source=" + ApiClient.encodeQuery(file.toString()),
                    "application/yaml", document.text());
            PrintWriter out = spec.commandLine().getOut();
            answer.path("applied").forEach(name -> out.println("applied " + name.asText()));
            out.flush();
            return 0;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List the published policies as a table, highest priority first.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:listed", "1:Meridian cannot be reached", EXIT_USAGE})
    static final class Ls implements Callable<Integer> {
        @Mixin
        ServerOptions server;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print the answer of GET /v1/policies as JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode policies = server.api().getJson("/v1/policies");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(ApiClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(policies));
            } else {
                List<JsonNode> rows = new ArrayList<>();
                policies.forEach(rows::add);
                out.print(rows.isEmpty() ? "no policies" + System.lineSeparator() : PolicyTable.render(rows));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = {"Remove a policy; the files it placed stay where they are.",
                    "A tombstone on the topic; files stay until another objective moves them."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:removed", "1:no policy of that name, or Meridian cannot be reached", EXIT_USAGE})
    static final class Rm implements Callable<Integer> {
        @Mixin
        ServerOptions server;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME", description = "Policy name, as 'meridian policy ls' shows it.")
        String name;

        @Override
        public Integer call() throws IOException, InterruptedException {
            try {
                server.api().sendJson("DELETE", "/v1/policies/" + ApiClient.encodePath(name), null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + "; see 'meridian policy ls'", e);
            }
            spec.commandLine().getOut().println("removed " + name);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
