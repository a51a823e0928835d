/** Where the platform keeps things: MongoDB (real or embedded) and the content-addressed blob store. */
package org.palmares.platform.storage;
