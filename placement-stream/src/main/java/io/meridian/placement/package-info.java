/**
 * The placement Kafka Streams app: objectives, staging requests, watermarks and drains reconciled into MoveCommands. Built by the Placement issue.
 */
package io.meridian.placement;
