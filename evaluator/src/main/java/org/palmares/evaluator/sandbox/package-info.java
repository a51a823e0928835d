/**
 * The Docker sandbox: reads a submitted image archive as a bounded stream (checked
 * against the phase's image limits), loads it once per digest under a disk budget, runs it locked down next to the
 * hidden inputs (copied into a fresh engine volume, under gVisor's runsc where the engine offers
 * it, with an in-container busybox supervisor that keeps the deadline and hands /output back as a
 * tar), reaps what crashed evaluators left, and turns what happened into a
 * {@link org.palmares.evaluator.sandbox.RunOutcome} value. Everything docker-java is translated
 * here and nowhere else.
 */
package org.palmares.evaluator.sandbox;
