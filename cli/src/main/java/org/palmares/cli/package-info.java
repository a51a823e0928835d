/**
 * The competitor's command line, {@code palmares}: submits an image ({@code docker save} streamed
 * to the upload API with a progress bar, then followed until it is scored), shows submissions and
 * leaderboards. It speaks only the platform's public HTTP API ({@code /api/openapi.json}) and
 * depends on nothing of the platform.
 */
package org.palmares.cli;
