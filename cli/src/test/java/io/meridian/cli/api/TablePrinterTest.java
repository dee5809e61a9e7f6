package io.meridian.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablePrinterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAlignNumbersRightAndTextLeft() throws Exception {
        List<JsonNode> rows = List.of(JSON.readTree("[\"gpu-nvme\", 12288, null]"), JSON.readTree("[\"nas\", 5, {\"a\":\"b\"}]"));
        String table = TablePrinter.render(List.of("silo", "used", "labels"), rows);
        String nl = System.lineSeparator();
        assertThat(table).isEqualTo("silo      used   labels" + nl
                + "--------  -----  ---------" + nl
                + "gpu-nvme  12288  NULL" + nl
                + "nas           5  {\"a\":\"b\"}" + nl);
    }

    @Test
    void shouldEncodeEachPathSegmentForUrls() {
        assertThat(ApiClient.encodePath("/datasets/shard 0001.parquet")).isEqualTo("/datasets/shard%200001.parquet");
        assertThat(ApiClient.encodePath("/a/ü?#.bin")).isEqualTo("/a/%C3%BC%3F%23.bin");
    }
}
