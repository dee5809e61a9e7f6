package io.meridian.query.sql;

import java.util.List;

/**
 * The answer to a pull query.
 *
 * @param columns   column labels, in order
 * @param types     SQL type names of the columns
 * @param rows      values (timestamps as ISO-8601 text, arrays as lists, maps as maps)
 * @param truncated whether the row limit cut the answer short
 * @param millis    time taken to plan and run
 */
public record QueryResult(List<String> columns, List<String> types, List<List<Object>> rows, boolean truncated,
                          long millis) {
}
