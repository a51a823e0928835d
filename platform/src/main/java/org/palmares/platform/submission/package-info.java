/**
 * Submissions and the queue: a submission is leased, not popped (atomic QUEUED -> RUNNING with
 * worker, attempt and lease expiry), kept alive by heartbeats, put back when its lease expires,
 * and finished only by the worker and attempt holding the lease. {@link
 * org.palmares.platform.submission.FeedbackPolicy} decides what a team sees of each run.
 */
package org.palmares.platform.submission;
