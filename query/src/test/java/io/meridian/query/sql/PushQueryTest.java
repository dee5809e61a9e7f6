package io.meridian.query.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.query.store.MetadataStore;
import io.meridian.query.testing.Records;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PushQueryTest {
    private final MetadataStore store = new MetadataStore();
    private final QueryEngine engine = new QueryEngine(store, QueryEngine.Limits.DEFAULT);

    @Test
    void shouldStreamOnlyNewOrChangedRowsThatMatchUntilTheSinkFails() throws Exception {
        store.putFile(Records.file("/d/old.bin", 1, Map.of("stage", "training"), "nas"));
        BlockingQueue<List<Object>> rows = new LinkedBlockingQueue<>();
        BlockingQueue<List<String>> header = new LinkedBlockingQueue<>();
        Thread query = new Thread(() -> {
            try {
                engine.push("SELECT path, size FROM files WHERE tags['stage'] = 'training' EMIT CHANGES;", new PushSink() {
                    @Override
                    public void columns(List<String> columns) {
                        header.add(columns);
                    }

                    @Override
                    public void row(List<Object> values) throws IOException {
                        if (values.get(0).equals("/d/stop.bin")) {
                            throw new IOException("client gone");
                        }
                        rows.add(values);
                    }

                    @Override
                    public void idle() {
                    }
                });
            } catch (IOException expected) {
                // the sink failed: the query ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        query.start();
        assertThat(header.poll(20, TimeUnit.SECONDS)).containsExactly("path", "size");
        store.putFile(Records.file("/d/eval.bin", 2, Map.of("stage", "eval"), "nas"));
        store.putFile(Records.file("/d/new.bin", 3, Map.of("stage", "training"), "nas"));
        store.putFile(Records.file("/d/old.bin", 4, Map.of("stage", "training"), "nas"));
        assertThat(rows.poll(5, TimeUnit.SECONDS)).containsExactly("/d/new.bin", 3L);
        assertThat(rows.poll(5, TimeUnit.SECONDS)).containsExactly("/d/old.bin", 4L);
        store.putFile(Records.file("/d/stop.bin", 5, Map.of("stage", "training"), "nas"));
        query.join(Duration.ofSeconds(10).toMillis());
        assertThat(query.isAlive()).isFalse();
        assertThat(rows).isEmpty();
    }

    @Test
    void shouldRefuseABadPushQueryWithItsPosition() {
        assertThatThrownBy(() -> engine.push("SELECT nope FROM files EMIT CHANGES", null))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.column()).isEqualTo(8));
    }
}
