package io.meridian.query.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Planned statements by SQL text, so that a query asked again (a scheduler polling the same
 * question) skips Calcite's planning and code generation, which cost far more than running it.
 * A statement is used by one thread at a time: {@link #take} lends one out (or nothing, then the
 * caller plans anew) and {@link #give} returns it. Bounded: the least recently used SQL text is
 * forgotten first and its statements closed.
 */
final class PreparedCache {
    private static final Logger LOG = LoggerFactory.getLogger(PreparedCache.class);

    /** One planned statement and the connection it belongs to. */
    record Entry(Connection connection, PreparedStatement statement) {
        void close() {
            try {
                statement.close();
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing a cached statement failed: {}", e.getMessage());
            }
        }
    }

    private static final int IDLE_PER_SQL = 4;

    private final Map<String, Deque<Entry>> idle;

    PreparedCache(int maxSql) {
        this.idle = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Entry>> eldest) {
                if (size() > maxSql) {
                    eldest.getValue().forEach(Entry::close);
                    return true;
                }
                return false;
            }
        };
    }

    synchronized Entry take(String sql) {
        Deque<Entry> entries = idle.get(sql);
        return entries == null ? null : entries.poll();
    }

    synchronized void give(String sql, Entry entry) {
        Deque<Entry> entries = idle.computeIfAbsent(sql, k -> new ArrayDeque<>());
        if (entries.size() < IDLE_PER_SQL) {
            entries.push(entry);
        } else {
            entry.close();
        }
    }
}
