/** The audit log: who did what to a challenge, and when (organizer and admin actions). */
package org.palmares.platform.audit;
