package org.palmares.evaluator.sandbox;

import java.time.Duration;

/**
 * What a run produced: its outcome, how long the container ran, and the tail of its logs (capped
 * at the run's log limit; shown to organizers, and to the team only where the phase allows).
 */
public record SandboxResult(RunOutcome outcome, Duration elapsed, String logTail) {}
