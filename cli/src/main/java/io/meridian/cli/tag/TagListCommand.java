package io.meridian.cli.tag;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.cli.api.ApiClient;
import io.meridian.cli.api.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meridian tag ls PATH}: a file's effective tags (own, inherited with the directory they come
 * from, and auto-tags), or the tags set on a directory, as {@code GET /v1/tags?path=} of the running
 * server answers them.
 */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List the tags of a file, or those set on a directory.",
                "A file's effective tags: own, inherited, auto-tags. A directory (PATH ending in",
                "'/'): the tags set on it, from the tag commands still retained."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (maybe nothing)", "1:no such file known, a bad path, or no server running; "
                        + "the message says what to do",
                "2:usage error"})
final class TagListCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Parameters(index = "0", paramLabel = "PATH", description = "Logical path; a directory ends in '/'.")
    String path;

    @Option(names = "--json", description = "Print the server's answer as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String checked = TagCommands.path(path);
        JsonNode answer = server.api().getJson("/v1/tags?path=" + ApiClient.encodeQuery(checked));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(answer.toString());
        } else {
            answer.path("tags").forEach(tag -> out.println(tag.path("key").asText() + "=" + tag.path("value").asText()
                    + "  " + origin(tag, checked)));
        }
        out.flush();
        return 0;
    }

    private static String origin(JsonNode tag, String path) {
        return switch (tag.path("origin").asText()) {
            case "auto" -> "(auto)";
            case "directory" -> "(set on " + path + ")";
            case "inherited" -> "(set by " + tag.path("setBy").asText() + " at " + tag.path("setAt").asText()
                    + ", inherited from " + tag.path("inheritedFrom").asText() + ")";
            default -> "(set by " + tag.path("setBy").asText() + " at " + tag.path("setAt").asText() + ")";
        };
    }
}
