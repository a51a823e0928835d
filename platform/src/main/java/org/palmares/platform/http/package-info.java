/**
 * The HTTP edge: REST API and web pages on Vert.x. Blocking work (database, archive checks) is
 * sent to worker threads here and nowhere deeper; domain failures map to one JSON error shape.
 */
package org.palmares.platform.http;
