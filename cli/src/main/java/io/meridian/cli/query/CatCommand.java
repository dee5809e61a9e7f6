package io.meridian.cli.query;

import io.meridian.cli.api.ApiClient;
import io.meridian.cli.CommonOptions;
import io.meridian.namespace.LogicalPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meridian cat PATH}: a file's bytes from its best present copy, through the read path. */
@Command(name = "cat", mixinStandardHelpOptions = true,
        description = {"Print a file of the global namespace from its best present copy.",
                "The running meridian up reads it from the nearest site, then the fastest tier.",
                "Reads are recorded as access events."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "1:a bad path, the server refused (no such file, no present copy, a bad "
                        + "range), or none is running; the message says what to do",
                "2:usage error"})
public final class CatCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "PATH", description = "Logical path, e.g. /datasets/train/shard-000.bin.")
    String path;

    @Option(names = "--range", paramLabel = "RANGE",
            description = "Only these bytes, FIRST-LAST, e.g. 0-1023 or 1000- (HTTP Range syntax).")
    String range;

    @Option(names = "--url", paramLabel = "URL", description = "HTTP API to ask (default: the running up's).")
    String url;

    /** Where the bytes go; standard output unless a test sets it. */
    OutputStream target = System.out;

    @Override
    public Integer call() throws IOException, InterruptedException {
        LogicalPath.file(path);
        ApiClient api = ApiClient.resolve(url, common.home());
        ApiClient.Response response = api.get("/v1/files" + ApiClient.encodePath(path) + "/content", range);
        ApiClient.check(response);
        try (InputStream body = response.body()) {
            body.transferTo(target);
        }
        target.flush();
        return 0;
    }
}
