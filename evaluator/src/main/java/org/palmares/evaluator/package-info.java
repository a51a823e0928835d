/**
 * The evaluator: runs next to a site's hidden data, leases jobs from the platform, runs each
 * submission in the Docker sandbox, scores its predictions and reports back. It depends on
 * nothing of the platform; it talks to it only through a {@link org.palmares.evaluator.protocol.JobChannel}.
 */
package org.palmares.evaluator;
