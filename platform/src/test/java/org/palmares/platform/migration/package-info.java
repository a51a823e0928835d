/** Migrations of stored data, tested on data folders made by older code. */
package org.palmares.platform.migration;
