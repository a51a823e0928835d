/**
 * Evaluators seen from the platform: the in-process one, wired to the queue through the same job
 * channel a remote one uses; remote sites' credentials with their signing keys; and the signed
 * records of their results, checked on arrival, kept and published ({@link
 * org.palmares.platform.evaluation.ResultRecords}).
 */
package org.palmares.platform.evaluation;
