package io.meridian.cli.place;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.cli.api.ApiClient;
import io.meridian.cli.api.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
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
 * {@code meridian silo ls | drain ID [--wait] | activate ID}: the silos' lifecycle, as a thin client of
 * {@code GET /v1/silos}, {@code POST /v1/silos/{id}/drain} and {@code POST /v1/silos/{id}/activate}
 * ({@link SiloRoutes}) on the running Meridian.
 */
@Command(name = "silo", mixinStandardHelpOptions = true,
        description = {"List silos, drain them and return them to service.",
                "Drained, placement empties a silo, then retires it. Talks to the running",
                "'meridian up' (or --url)."},
        subcommands = {SiloCommand.Ls.class, SiloCommand.Drain.class, SiloCommand.Activate.class})
public final class SiloCommand implements Runnable {
    static final String EXIT_ERROR = "1:the silo is unknown, the request was refused, or Meridian cannot be reached";
    static final String EXIT_USAGE = "2:invalid options";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = {"List every silo with its state, usage and drain progress.",
                    "Columns: state, site, tier, kind, used/capacity, files, and for a draining",
                    "silo what is left to move off it."},
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:listed", EXIT_ERROR, EXIT_USAGE})
    static final class Ls implements Callable<Integer> {
        @Mixin
        ServerOptions server;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print the answer of GET /v1/silos as JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() throws IOException, InterruptedException {
            JsonNode silos = server.api().getJson("/v1/silos");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(ApiClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(silos));
            } else {
                List<JsonNode> rows = new ArrayList<>();
                silos.forEach(rows::add);
                out.print(rows.isEmpty() ? "no silos\n" : SiloTable.render(rows));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = {"Empty a silo; placement retires it when nothing is left.",
                    "Publishes the silo as DRAINING: placement moves every file that exists only",
                    "there to where policies (or else a silo of the same tier) say, deletes",
                    "verified extra copies, then marks it RETIRED. With --wait, follow it until",
                    "it is retired: a progress bar (files and bytes left, rate, ETA) on a",
                    "terminal, a plain line per change otherwise."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:draining (with --wait: retired)", EXIT_ERROR, EXIT_USAGE,
                    "3:with --wait, the silo was made active again before it was empty",
                    "4:with --wait, --timeout passed first (it keeps draining)"})
    static final class Drain implements Callable<Integer> {
        @Mixin
        ServerOptions server;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "Silo id, as 'meridian silo ls' shows it.")
        String id;
        @Option(names = "--wait", description = "Follow the drain until the silo is retired.")
        boolean wait;
        @Option(names = "--timeout", paramLabel = "DURATION", description = "With --wait, give up after this long"
                + " (e.g. 90s, 30m, 2h; default: no limit).")
        String timeout;
        @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
                description = "With --wait, how often to look (default ${DEFAULT-VALUE}).")
        String interval;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Duration limit = timeout == null ? null : DrainProgress.duration("--timeout", timeout);
            Duration every = DrainProgress.duration("--interval", interval);
            ApiClient client = server.api();
            client.sendJson("POST", "/v1/silos/" + ApiClient.encodePath(id) + "/drain", null);
            PrintWriter out = spec.commandLine().getOut();
            if (!wait) {
                out.println("draining " + id + "; follow it with 'meridian silo drain " + id + " --wait' or 'meridian silo ls'");
                out.flush();
                return 0;
            }
            return new DrainProgress(id, System.console() != null, out).follow(
                    () -> client.getJson("/v1/silos/" + ApiClient.encodePath(id)), every, limit);
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true,
            description = {"Return a draining or retired silo to service.",
                    "A draining silo stops draining (files moved off it stay where they went);",
                    "a retired one takes files again."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:the silo is active", "1:the silo is unknown or already active, or Meridian cannot be reached",
                    EXIT_USAGE})
    static final class Activate implements Callable<Integer> {
        @Mixin
        ServerOptions server;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "Silo id, as 'meridian silo ls' shows it.")
        String id;

        @Override
        public Integer call() throws IOException, InterruptedException {
            server.api().sendJson("POST", "/v1/silos/" + ApiClient.encodePath(id) + "/activate", null);
            spec.commandLine().getOut().println("activated " + id);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
