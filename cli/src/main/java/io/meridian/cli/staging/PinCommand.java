package io.meridian.cli.staging;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.cli.api.ApiClient;
import io.meridian.cli.api.ServerOptions;
import io.meridian.cli.api.TablePrinter;
import java.io.IOException;
import java.io.PrintWriter;
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
 * {@code meridian pin ls | release}: the staged copies that staging requests pin, and ending those
 * pins. A staging pin belongs to its request (an instance at the request's site, of a file it selects,
 * until its pin-until), so releasing a pin releases the request that holds it. Thin clients of
 * {@code GET /v1/pins} and {@code POST /v1/pins/release} on the running Meridian.
 */
@Command(name = "pin", mixinStandardHelpOptions = true,
        description = {"List and release the copies that staging requests pin.",
                "Every subcommand talks to the HTTP API of the running up or serve."},
        subcommands = {PinCommand.Ls.class, PinCommand.Release.class})
public final class PinCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = {"List the staged copies pinned now and by which request.",
                    "GET /v1/pins: path, silo, site, pinned until, request and job, by path. A",
                    "policy's 'pin' is not a staging pin and is not listed ('explain PATH' names",
                    "every pin of a file)."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:listed (also when nothing is pinned)",
                    "1:a bad path, or the HTTP API unreachable",
                    "2:usage error"})
    static final class Ls implements Callable<Integer> {
        @Mixin
        ServerOptions server;
        @Spec
        CommandSpec spec;
        @Option(names = "--path", paramLabel = "PATH", description = "Only this file, or the files under this directory (ending in '/').")
        String path;
        @Option(names = "--request", paramLabel = "ID", description = "Only the pins of this staging request.")
        String request;
        @Option(names = "--json", description = "Print the server's JSON answer instead of a table.")
        boolean json;

        @Override
        public Integer call() throws IOException, InterruptedException {
            StringBuilder query = new StringBuilder("/v1/pins");
            String sep = "?";
            if (path != null) {
                query.append(sep).append("path=").append(ApiClient.encodeQuery(path));
                sep = "&";
            }
            if (request != null) {
                query.append(sep).append("request=").append(ApiClient.encodeQuery(request));
            }
            JsonNode answer = server.api().getJson(query.toString());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(answer);
            } else if (answer.path("pins").isEmpty()) {
                out.println("nothing is pinned by a staging request" + (path == null ? "" : " at " + path));
            } else {
                List<JsonNode> rows = new ArrayList<>();
                for (JsonNode pin : answer.path("pins")) {
                    rows.add(ApiClient.json().valueToTree(List.of(pin.path("path").asText(), pin.path("silo").asText(),
                            pin.path("site").asText(), pin.path("until").asText(), pin.path("requestId").asText(),
                            pin.path("jobId").asText())));
                }
                out.print(TablePrinter.render(List.of("path", "silo", "site", "until", "request", "job"), rows));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = {"End staging pins, by request or by path.",
                    "POST /v1/pins/release. A staging pin is its request's, so this releases whole",
                    "requests, as 'stage cancel' does: with --request, that request; with PATH (a",
                    "file, or a directory ending in '/'), every request pinning something there,",
                    "which also ends its pins on its other files. Prints each request released."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:released (the ids are printed)",
                    "1:nothing to release (no open request of that id, nothing pinned at PATH), a bad path, or the "
                            + "HTTP API unreachable",
                    "2:usage error"})
    static final class Release implements Callable<Integer> {
        @Mixin
        ServerOptions server;
        @Spec
        CommandSpec spec;
        @ArgGroup(multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--request", paramLabel = "ID", description = "Release the pins of this staging request.")
            String request;
            @Parameters(paramLabel = "PATH", arity = "0..1",
                    description = "Release the requests pinning this file, or anything under this directory (ending in '/').")
            String path;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            Map<String, String> body = target.request != null ? Map.of("request", target.request) : Map.of("path", target.path);
            JsonNode answer = server.api().sendJson("POST", "/v1/pins/release", body);
            PrintWriter out = spec.commandLine().getOut();
            answer.path("released").forEach(id -> out.println("released " + id.asText()));
            out.flush();
            return 0;
        }
    }
}
