package org.palmares.platform.challenge;

/**
 * A site of a multi-site challenge: a data holder (a hospital, a national hub) whose evaluator
 * holds its own hidden test set under the challenge's contract (same relative paths, sizes may
 * differ) and evaluates every accepted submission there. Its hidden files never reach the platform.
 *
 * @param name    short name, {@code [a-z][a-z0-9-]{0,31}}, unique in the challenge (the site's
 *                evaluator token names it)
 * @param title   its name for people, in English and/or French
 * @param country ISO 3166-1 alpha-2 code of the country whose law governs its data
 */
public record Site(String name, Text title, String country) {}
