package org.palmares.platform.team;

import java.time.Instant;

/** A team competing in one challenge. */
public record Team(String id, String challenge, String name, Instant createdAt) {}
