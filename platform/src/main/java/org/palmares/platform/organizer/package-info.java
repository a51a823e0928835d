/**
 * Organizers and their bearer tokens (accounts and roles come later): who may create and update
 * which challenges.
 */
package org.palmares.platform.organizer;
