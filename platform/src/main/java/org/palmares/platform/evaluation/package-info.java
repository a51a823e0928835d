/** The in-process evaluator: the evaluator module, wired to the queue through the same job channel a remote one uses. */
package org.palmares.platform.evaluation;
