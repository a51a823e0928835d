/**
 * What organizers do to their challenges once competitors submit: see every submission (both
 * parts' scores, logs), disqualify one with a reason, run one again, read the audit log. One
 * service, used by the organizer API and the organizer pages alike, so both enforce the same
 * rules and leave the same audit trail.
 */
package org.palmares.platform.organizer;
