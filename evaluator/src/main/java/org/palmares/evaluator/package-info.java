/**
 * The evaluator: runs next to a site's hidden data, leases jobs from the platform, runs each
 * submission in the Docker sandbox, scores its predictions and reports back. It depends on
 * nothing of the platform; it talks to it only through a {@link org.palmares.evaluator.protocol.JobChannel}.
 * Each lease is kept at the pace the platform grants it ({@code HeldLease}) and a finished result is
 * delivered within it, through outages of the platform ({@code ReportDelivery}).
 */
package org.palmares.evaluator;
