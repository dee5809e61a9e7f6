package io.meridian.query.store;

import io.meridian.schemas.MoveCommand;
import io.meridian.schemas.MoveResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The most recent moves by command id, bounded: the oldest command is forgotten first. A result
 * completes its command's row, whichever of the two is read first; a result whose command was
 * never seen (issued before the window) still gets a row.
 */
final class RecentMoves {
    private final Map<String, MoveRow> rows;

    RecentMoves(int capacity) {
        this.rows = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, MoveRow> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void issued(MoveCommand command) {
        MoveRow existing = rows.get(command.getCommandId());
        MoveRow pending = MoveRow.pending(command);
        // Topics are read side by side, so a result may arrive before its command: keep its outcome.
        rows.put(command.getCommandId(), existing == null || "pending".equals(existing.status())
                ? pending : existing.withCommand(pending));
    }

    synchronized void finished(MoveResult result) {
        rows.put(result.getCommandId(), MoveRow.finished(rows.get(result.getCommandId()), result));
    }

    synchronized List<MoveRow> snapshot() {
        return new ArrayList<>(rows.values());
    }
}
