/**
 * Where the platform keeps things: MongoDB (real or embedded), the content-addressed blob store,
 * and the owner-only data folder holding them (the embedded database is served on a Unix socket
 * in it, not on a port).
 */
package org.palmares.platform.storage;
