/**
 * Submissions and the queue: a submission is leased, not popped (atomic QUEUED -> RUNNING with
 * worker, attempt and lease expiry), kept alive by heartbeats, put back when its lease expires,
 * and finished only by the worker and attempt holding the lease. While it is live its job lives in
 * a small collection of its own ({@link org.palmares.platform.submission.LiveJob}), so the queue's
 * verbs never read the archive of finished submissions; every move is checked against the one
 * table of {@link org.palmares.platform.submission.SubmissionStatus}. {@link
 * org.palmares.platform.submission.FeedbackPolicy} decides what a team sees of each run.
 */
package org.palmares.platform.submission;
