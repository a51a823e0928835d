/** Teams and their bearer tokens (accounts come later; a token is shown once and stored hashed). */
package org.palmares.platform.team;
