package org.palmares.evaluator.sandbox;

import java.time.Duration;

/**
 * What a run produced: its outcome, how long the container ran, the tail of its logs (stderr,
 * capped at the run's log limit; shown to organizers, and to the team only where the phase
 * allows), and the engine runtime that ran it ({@code runsc} for gVisor, {@code runc}).
 */
public record SandboxResult(RunOutcome outcome, Duration elapsed, String logTail, String runtime) {}
