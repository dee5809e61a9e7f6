/**
 * SQL (Calcite) over a local materialization of meridian.metadata, the HTTP API and the read path. Built by the Query issue.
 */
package io.meridian.query;
