package org.palmares.evaluator.scoring;
public record MetricValue(Double value, Interval ci, String note) {}
