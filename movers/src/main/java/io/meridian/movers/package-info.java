/**
 * Stateless mover workers: copy, verify (CRC32C), commit atomically, report MoveResults. Built by the Movers issue.
 */
package io.meridian.movers;
