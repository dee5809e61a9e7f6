package io.meridian.cli.api;

import io.meridian.cli.runtime.MeridianHome;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of every command that talks to a running Meridian: which server ({@code --url}, else
 * the one whose endpoints file is in {@code --home}). The token, when the server wants one, comes from
 * the environment variable {@value ApiClient#TOKEN_ENV}, never from the command line.
 */
public final class ServerOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "HTTP API of a running meridian up or serve (default: the one started from --home).")
    String url;

    @Option(names = "--home", paramLabel = "DIR",
            description = "State directory whose endpoints file names the running up "
                    + "(default: $" + MeridianHome.ENV + " or ./" + MeridianHome.DEFAULT + ").")
    Path home;

    /** The client of the chosen server; throws with what to do when none is running. */
    public ApiClient api() {
        return ApiClient.resolve(url, MeridianHome.resolve(home));
    }
}
