/** Challenges as code: bundle folders with a challenge.yaml, loaded into a catalog at start-up. */
package org.palmares.platform.challenge;
