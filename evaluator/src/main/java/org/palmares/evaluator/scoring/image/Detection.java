package org.palmares.evaluator.scoring.image;

/**
 * One object a submission detected in a case, with its confidence.
 *
 * @param location    where (a point or a box)
 * @param probability the submission's confidence, in [0, 1]: FROC thresholds on it, greedy
 *                    assignment takes the most confident first
 */
public record Detection(Location location, double probability) {}
