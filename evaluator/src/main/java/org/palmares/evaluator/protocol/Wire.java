package org.palmares.evaluator.protocol;

/**
 * The bodies of the job protocol over HTTP, request and reply, as records shared by the platform
 * and the evaluator and read and written with {@link ProtocolJson#MAPPER} only. Paths are per
 * submission ({@code /api/evaluator/jobs/{submissionId}/...}); the site of a multi-site
 * evaluation is the token's, so no body names it.
 */
public final class Wire {
  private Wire() {}

  /** {@code POST /api/evaluator/incarnations}: this evaluator started as {@code <name>#<suffix>}. */
  public record StartRequest(String incarnation) {}

  /** How many leases of this evaluator's earlier incarnations were handed back. */
  public record StartReply(int handedBack) {}

  /**
   * {@code POST /api/evaluator/lease}: 200 with a {@link Job}, or 204 when nothing fits.
   *
   * @param free what the worker can take, or null when it is idle (it runs the job alone)
   */
  public record LeaseRequest(String worker, Capacity free) {}

  /** {@code POST /api/evaluator/jobs/{id}/heartbeat}. */
  public record HeartbeatRequest(String worker, int attempt) {}

  /** Whether the lease is still held (false: it expired and went to someone else). */
  public record HeartbeatReply(boolean held) {}

  /** {@code POST /api/evaluator/jobs/{id}/report}. */
  public record ReportRequest(String worker, int attempt, JobReport report) {}

  /**
   * What a report (or a release) did: {@link #ACCEPTED}, {@link #ALREADY_REPORTED} (the same
   * attempt's result was taken before: harmless) or {@link #STALE_LEASE} (ignored: the lease,
   * or the wait for release, is not this attempt's).
   */
  public record ReportReply(String result) {
    public static final String ACCEPTED = "ACCEPTED";
    public static final String ALREADY_REPORTED = "ALREADY_REPORTED";
    public static final String STALE_LEASE = "STALE_LEASE";

    /** Whether the platform holds this attempt's result (taken now or before). */
    public boolean held() {
      return !STALE_LEASE.equals(result);
    }
  }

  /**
   * {@code POST /api/evaluator/jobs/{id}/release}: the site's operator decided on a result that
   * waited at the site ({@link JobReport#AWAITING_RELEASE} at {@code attempt}).
   *
   * @param approved true to release {@code report} (the scored report), false to withhold the result
   * @param report   the scored report when approved, null when withheld
   */
  public record ReleaseRequest(int attempt, boolean approved, JobReport report) {}

  /** What a release did, in the words of {@link ReportReply}. */
  public record ReleaseReply(String result) {
    /** Whether the platform holds this decision (taken now or before). */
    public boolean held() {
      return !ReportReply.STALE_LEASE.equals(result);
    }
  }
}
