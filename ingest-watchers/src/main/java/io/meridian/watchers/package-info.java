/**
 * Storage watchers (POSIX, S3) and storage hooks turn storage changes into FileEvents on meridian.file-events. Built by the Ingest issue.
 */
package io.meridian.watchers;
