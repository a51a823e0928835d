package org.palmares.evaluator.scoring;
public record ScoreReport(String primaryMetric, SplitScores publicPart, SplitScores privatePart) {}
