/**
 * The HTTP edge: REST API and web pages on Vert.x. Blocking work (database, archive checks) is
 * sent to the one bounded {@link org.palmares.platform.http.WorkerPool} here and nowhere deeper;
 * connections are held to the timeouts and per-address cap of
 * {@link org.palmares.platform.http.EdgeLimits}; JSON bodies are read against their declared
 * schema ({@code RequestBody}); failures map, in one place, to the JSON error shape on the API and
 * to an HTML page on pages.
 */
package org.palmares.platform.http;
