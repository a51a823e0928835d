/** Bearer tokens: how they are made and how they are kept (hashed). */
package org.palmares.platform.auth;
