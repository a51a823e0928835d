/**
 * The data holder's control of its site: the policy file read by its evaluator (what it serves,
 * within which ceilings, which scoring images it trusts, its minimum cell count and its release
 * mode), the refusals it makes, the disclosure control applied to everything that leaves, and the
 * outbox where results wait for the operator's approval under manual release. See docs/sites.md.
 */
package org.palmares.evaluator.site;
