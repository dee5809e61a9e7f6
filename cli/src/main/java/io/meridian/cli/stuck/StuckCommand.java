package io.meridian.cli.stuck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.meridian.cli.api.ApiClient;
import io.meridian.cli.api.ServerOptions;
import io.meridian.cli.api.TablePrinter;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meridian stuck ls | retry PATH | retry --all}: the files placement gave up on (a command
 * that failed every attempt), as a thin client of {@code GET /v1/stuck} and {@code POST /v1/stuck/retry}
 * ({@link StuckRoutes}) on the running Meridian.
 */
@Command(name = "stuck", mixinStandardHelpOptions = true,
        description = {"List and retry files placement gave up on.",
                "Placement gives up on a file when every attempt of its move failed; retry it",
                "once the cause is fixed. Talks to the running 'meridian up' (or --url)."},
        subcommands = {StuckCommand.Ls.class, StuckCommand.Retry.class})
public final class StuckCommand implements Runnable {
    static final List<String> COLUMNS = List.of("PATH", "ATTEMPTS", "SINCE", "REASON");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List stuck files with their attempts, since when and last error.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:listed (also when nothing is stuck)", "1:Meridian cannot be reached", "2:invalid options"})
    static final class Ls implements Callable<Integer> {
        @Mixin
        ServerOptions server;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print the answer of GET /v1/stuck as JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode stuck = server.api().getJson("/v1/stuck");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(ApiClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(stuck));
            } else {
                out.print(render(stuck));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = {"Ask placement to plan stuck files again at once.",
                    "PATH, or every stuck file with --all, is planned again with a fresh count of",
                    "attempts; 'meridian stuck ls' shows it again if it fails again."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:retry sent (with --all, also when nothing was stuck)",
                    "1:PATH is not stuck, or Meridian cannot be reached", "2:neither or both of PATH and --all"})
    static final class Retry implements Callable<Integer> {
        @Mixin
        ServerOptions server;
        @Spec
        CommandSpec spec;
        @ArgGroup(multiplicity = "1")
        Target target;

        static final class Target {
            @Parameters(paramLabel = "PATH", description = "Logical path of a stuck file, as 'meridian stuck ls' shows it.")
            String path;
            @Option(names = "--all", required = true, description = "Retry every stuck file.")
            boolean all;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            Map<String, Object> body = target.all ? Map.of("all", true) : Map.of("path", target.path);
            JsonNode answer = server.api().sendJson("POST", "/v1/stuck/retry", body);
            PrintWriter out = spec.commandLine().getOut();
            int count = answer.path("retried").size();
            answer.path("retried").forEach(p -> out.println("retrying " + p.asText()));
            if (count == 0) {
                out.println("nothing is stuck");
            }
            out.flush();
            return 0;
        }
    }

    /** The table of {@code GET /v1/stuck}'s answer, or "nothing is stuck". */
    static String render(JsonNode stuck) {
        if (stuck.isEmpty()) {
            return "nothing is stuck" + System.lineSeparator();
        }
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode file : stuck) {
            ArrayNode row = JsonNodeFactory.instance.arrayNode();
            row.add(file.path("path").asText()).add(file.path("attempts").asInt())
                    .add(Instant.ofEpochMilli(file.path("since").asLong()).toString()).add(file.path("reason").asText());
            rows.add(row);
        }
        return TablePrinter.render(COLUMNS, rows);
    }
}
