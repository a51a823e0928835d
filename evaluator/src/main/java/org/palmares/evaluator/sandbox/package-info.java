/**
 * The Docker sandbox: loads a submitted image once per digest, runs it locked down next to the
 * hidden inputs, and turns what happened into a {@link org.palmares.evaluator.sandbox.RunOutcome}
 * value. Everything docker-java is translated here and nowhere else.
 */
package org.palmares.evaluator.sandbox;
