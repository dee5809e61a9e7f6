/**
 * What a staging request asks of the files it selects: the selector (path prefixes and tags), its
 * validation, and the need it puts on each selected file (a site, maybe a tier, a deadline, a pin).
 * Planning ({@code reconcile}) and the staging feature ({@code staging}) both build on it.
 */
package io.meridian.placement.request;
