package org.palmares.platform.challenge;

import java.time.Instant;

/**
 * One version of a challenge's bundle.
 *
 * @param slug          challenge
 * @param version       1, 2, ...
 * @param archiveSha256 sha256 of the uploaded archive (kept in the blob store), or of challenge.yaml for a bundle found on disk
 * @param by            who installed it
 * @param at            when
 */
public record ChallengeVersion(String slug, int version, String archiveSha256, String by, Instant at) {}
