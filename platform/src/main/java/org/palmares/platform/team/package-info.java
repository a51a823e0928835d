/**
 * Who competes: teams of accounts per challenge, one-time invitation codes, the one-team-per-person
 * and team-size rules, and the acceptance of a challenge's rules.
 */
package org.palmares.platform.team;
