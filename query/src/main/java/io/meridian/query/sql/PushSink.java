package io.meridian.query.sql;

import java.io.IOException;
import java.util.List;

/**
 * Where a push query sends its rows. A method that throws (the client went away) ends the query.
 */
public interface PushSink {
    /** Called once, before any row, with the column labels. */
    void columns(List<String> columns) throws IOException;

    /** A new or changed row that matches the query. */
    void row(List<Object> values) throws IOException;

    /** Called when nothing changed for a while, so that a dead client is noticed. */
    void idle() throws IOException;
}
