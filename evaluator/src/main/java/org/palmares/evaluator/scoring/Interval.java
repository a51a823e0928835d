package org.palmares.evaluator.scoring;
public record Interval(double low, double high, int resamples) {}
