package io.meridian.query.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.http.Json;
import io.meridian.query.sql.FileScan;
import io.meridian.query.sql.PathRange;
import io.meridian.query.sql.ScanCondition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The peer protocol of the partitioned query tier: what an owner writes is what the asker reads. */
class ScanWireTest {
    @Test
    void everyColumnValueSurvivesTheWire() throws IOException {
        Map<String, Object> tags = new HashMap<>();
        tags.put("stage", "training");
        tags.put("empty", null);
        List<Object> values = Arrays.asList(null, "/datasets/日本語.bin", 42L, 7, tags, List.of("nas", "gpu"), "");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (Object v : values) {
                ScanWire.value(out, v);
            }
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        for (Object v : values) {
            assertThat(ScanWire.value(in)).isEqualTo(v);
        }
    }

    @Test
    void aCutAnswerFailsInsteadOfReadingShort() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ScanWire.value(out, "a long enough text");
        }
        byte[] cut = Arrays.copyOf(bytes.toByteArray(), bytes.size() - 3);
        assertThatThrownBy(() -> ScanWire.value(new DataInputStream(new ByteArrayInputStream(cut)))).isInstanceOf(EOFException.class);
        byte[] huge = {1, 0x7f, 0, 0, 0};
        assertThatThrownBy(() -> ScanWire.value(new DataInputStream(new ByteArrayInputStream(huge))))
                .hasMessageContaining("a peer sent a field of");
    }

    @Test
    void aRequestSurvivesJsonAndABadOneIsRefused() throws IOException {
        FileScan scan = new FileScan(List.of(new PathRange.KeyRange("/a/", "/a0"), new PathRange.KeyRange("/b", null)),
                List.of(new ScanCondition(ScanCondition.Kind.KEY_EQUALS, 6, "stage", "training"),
                        new ScanCondition(ScanCondition.Kind.PREFIX, 0, null, "/a/")), List.of(0, 4));
        PeerRequest request = new PeerRequest(PeerRequest.Mode.ROWS, List.of(0, 2), scan, null, 0);
        PeerRequest read = Json.mapper().readValue(Json.mapper().writeValueAsBytes(request), PeerRequest.class);
        assertThat(read).isEqualTo(request);
        assertThatThrownBy(() -> Json.mapper().readValue("{\"mode\":\"ROWS\",\"partitions\":[0],\"scan\":{\"ranges\":[],"
                + "\"conditions\":[],\"columns\":[99]}}", PeerRequest.class)).hasMessageContaining("no column 99");
        assertThatThrownBy(() -> Json.mapper().readValue("{\"mode\":\"CHILDREN\",\"partitions\":[0],\"directory\":\"/a\",\"limit\":1}",
                PeerRequest.class)).hasMessageContaining("ending in '/'");
    }
}
