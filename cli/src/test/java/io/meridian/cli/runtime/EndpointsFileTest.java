package io.meridian.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoints file reads back as written, and names no running Meridian when its process is gone or it is no endpoints file. */
class EndpointsFileTest {
    @TempDir
    Path home;

    @Test
    void shouldReadBackWhatARunningUpWrote() {
        EndpointsFile written = new EndpointsFile(ProcessHandle.current().pid(), "2026-12-05T16:04:04Z", "meridian.yaml",
                "127.0.0.1:9092", "http://127.0.0.1:8081", null, "/home/s3-credentials.properties", "http://127.0.0.1:8080");
        written.write(home.resolve("endpoints.json"));
        assertThat(EndpointsFile.readLive(home.resolve("endpoints.json"))).contains(written);
        EndpointsFile withoutHttp = new EndpointsFile(ProcessHandle.current().pid(), "2026-12-05T16:04:04Z", "meridian.yaml",
                "127.0.0.1:9092", "http://127.0.0.1:8081", "http://127.0.0.1:9000", null);
        withoutHttp.write(home.resolve("endpoints.json"));
        assertThat(EndpointsFile.readLive(home.resolve("endpoints.json"))).contains(withoutHttp);
    }

    @Test
    void shouldNameNoRunningMeridianWhenItsProcessIsGoneOrTheFileIsNotOne() throws Exception {
        Path file = home.resolve("endpoints.json");
        assertThat(EndpointsFile.readLive(file)).isEmpty();
        new EndpointsFile(Long.MAX_VALUE - 1, "2026-12-05T16:04:04Z", "meridian.yaml", null, null, null, null, null).write(file);
        assertThat(EndpointsFile.readLive(file)).isEmpty();
        for (String text : new String[] {"{", "[]", "{\"pid\":\"x\"}", "{\"httpUrl\":\"http://127.0.0.1:8080\"}"}) {
            Files.writeString(file, text);
            assertThat(EndpointsFile.readLive(file)).as(text).isEmpty();
        }
    }
}
