/**
 * The hub: assembles the database, blob store, challenge catalog, queue, leaderboards, the HTTP
 * server and the in-process evaluator, and offers the command line.
 */
package org.palmares.platform;
