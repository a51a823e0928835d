package org.palmares.evaluator.scoring;
public record SplitScores(int cases, int positives, java.util.Map<String, MetricValue> metrics) {}
