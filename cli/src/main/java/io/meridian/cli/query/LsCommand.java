package io.meridian.cli.query;

import io.meridian.cli.api.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.cli.api.ServerOptions;
import io.meridian.config.ByteSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meridian ls PREFIX}: the files and subdirectories of a directory of the global namespace. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List a directory of the global namespace, subdirectories first.",
                "Files with size, modification time, state and the silos holding a copy;",
                "a file's path lists that file."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:listed", "1:no such file or directory, or Meridian cannot be reached", "2:invalid options"})
public final class LsCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Parameters(paramLabel = "PATH", defaultValue = "/", description = "Directory, e.g. /datasets/train/, or a file (default /).")
    String directory;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most this many entries (default ${DEFAULT-VALUE}).")
    int limit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ApiClient api = server.api();
        ApiClient.Response response = api.get("/v1/ls?path=" + ApiClient.encodeQuery(directory) + "&limit=" + limit, null);
        ApiClient.check(response);
        JsonNode listing;
        try (InputStream body = response.body()) {
            listing = ApiClient.json().readTree(body);
        }
        PrintWriter out = spec.commandLine().getOut();
        for (JsonNode entry : listing.get("entries")) {
            out.println(describe(entry));
        }
        if (listing.path("truncated").asBoolean()) {
            out.println("(more entries; raise --limit or list a subdirectory)");
        }
        out.flush();
        return 0;
    }

    private static String describe(JsonNode entry) {
        if ("directory".equals(entry.path("type").asText())) {
            return String.format("%-9s %10s  %-24s  %-9s %s", "dir", "", "", "", entry.get("path").asText());
        }
        java.util.List<String> silos = new java.util.ArrayList<>();
        entry.path("silos").forEach(s -> silos.add(s.asText()));
        return String.format("%-9s %10s  %-24s  %-9s %s  [%s]", entry.path("type").asText("file"), ByteSize.format(entry.path("size").asLong()),
                entry.path("mtime").asText(), entry.path("state").asText(), entry.get("path").asText(), String.join(",", silos));
    }
}
