/**
 * Scoring of one submission's predictions against a challenge's hidden labels: validation of the
 * predictions file (with messages a competitor can act on, never revealing a label), the
 * deterministic public/private split of the test set, the metrics of every task type, their
 * seeded, stratified, paired bootstrap (the same resamples for every submission of a phase) and
 * the confidence interval each metric's coverage calls for (DeLong-logit for ROC AUC, BCa else).
 *
 * <p>Everything here is pure, synchronous Java over local files: no Vert.x, no Docker, no
 * network. The entry point is {@link org.palmares.evaluator.scoring.Scorer#score}; the metric
 * names, directions, parameters and titles of every task live in one place, {@link
 * org.palmares.evaluator.scoring.MetricCatalog}, backed by one enum of metrics per task ({@link
 * org.palmares.evaluator.scoring.BinaryMetric} and its package-private siblings). A metric is
 * computed on multiplicities of cases ({@code Evaluation}), so the point estimate and each
 * bootstrap resample share one implementation and its one-off preparation (sorting, ranking).
 */
package org.palmares.evaluator.scoring;
