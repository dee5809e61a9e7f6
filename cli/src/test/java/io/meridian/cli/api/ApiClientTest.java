package io.meridian.cli.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiClientTest {
    @Test
    void shouldSuggestATokenOnlyWhenTheServerAskedForOne() {
        assertThatThrownBy(() -> ApiClient.check(answer(401, "missing or unknown bearer token; send Authorization: Bearer TOKEN")))
                .hasMessageEndingWith("; set MERIDIAN_TOKEN to a token of the server");
        assertThatThrownBy(() -> ApiClient.check(answer(403, "this call needs the operator token")))
                .hasMessageEndingWith("; set MERIDIAN_TOKEN to a token of the server");
    }

    @Test
    void shouldNotSuggestATokenWhenNoTokenWouldHelp() {
        String symlink = "/datasets/evil: path component 'evil' of key 'evil' in silo nas is a symlink; Meridian never follows symlinks";
        assertThatThrownBy(() -> ApiClient.check(answer(403, symlink))).hasMessage(symlink);
    }

    private static ApiClient.Response answer(int status, String error) {
        byte[] body = ("{\"error\":\"" + error + "\"}").getBytes(StandardCharsets.UTF_8);
        return new ApiClient.Response(status, Map.of("Content-Type", "application/json"), new ByteArrayInputStream(body));
    }
}
