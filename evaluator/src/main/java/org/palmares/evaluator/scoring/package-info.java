/**
 * Scoring of one submission's predictions against a challenge's hidden labels: validation of the
 * predictions file (with messages a competitor can act on, never revealing a label), the
 * deterministic public/private split of the test set, the metrics, and their seeded percentile
 * bootstrap confidence intervals.
 *
 * <p>Everything here is pure, synchronous Java over local files: no Vert.x, no Docker, no
 * network. The entry point is {@link org.palmares.evaluator.scoring.Scorer#score}; the metric
 * names and their directions live in one place, {@link
 * org.palmares.evaluator.scoring.BinaryMetric}. Only binary classification is scored for now.
 */
package org.palmares.evaluator.scoring;
