package org.palmares.platform.web;

import java.util.List;

/**
 * The organizer's page of one challenge: every submission of a phase with both parts' scores and
 * the logs, the forms that disqualify or re-run one, the audit log, and the bundle upload with the
 * problems of the last refused bundle.
 *
 * @param slug        the challenge
 * @param title       its title in the reader's language
 * @param phase       the phase shown
 * @param phases      every phase's name (links to show another)
 * @param rows        a page of its submissions, newest first
 * @param paged       whether this page is not the first (older than the newest)
 * @param next        the {@code before} of the next, older page, or null when there is none
 * @param audit       the audit log, newest first
 * @param csrf        the session's CSRF token for the forms
 * @param flash       the one-time message of the last form, or null
 * @param problems    the problems of a refused bundle (file:line: message), empty otherwise
 */
public record OrganizerView(String slug, String title, String phase, List<String> phases, List<Row> rows,
    boolean paged, String next, List<AuditLine> audit, String csrf, String flash, List<String> problems) {

  /** One submission as organizers see it (nothing withheld). */
  public record Row(String id, String at, String team, String by, String status, String outcome,
      List<String> publicScores, List<String> privateScores, String image, String logTail, String disqualified,
      boolean finished) {}

  /** One entry of the audit log. */
  public record AuditLine(String at, String who, String action, String target, String detail) {}

  /** Whether the flash message reports a refusal (those start with a warning sign). */
  public boolean flashIsRefusal() {
    return flash != null && flash.startsWith("⚠");
  }
}
