package org.palmares.platform.leaderboard;

import io.vertx.core.buffer.Buffer;

/**
 * A board as served: its JSON already encoded, with a strong ETag (a digest of those bytes, so the
 * same board has the same tag after a restart) and the board's version (a counter that grows with
 * every change of the board, stored with it).
 *
 * @param board   the board
 * @param json    its API representation, encoded once per version
 * @param etag    strong entity tag, quoted, for {@code ETag} and {@code If-None-Match}
 * @param version the board's version
 */
public record BoardView(Leaderboard board, Buffer json, String etag, long version) {}
