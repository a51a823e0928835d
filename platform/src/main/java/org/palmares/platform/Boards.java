package org.palmares.platform;

import com.mongodb.client.MongoDatabase;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.http.JsonViews;
import org.palmares.platform.leaderboard.BoardStore;
import org.palmares.platform.submission.SubmissionRepository;

/** Assembles the board store over the submissions (its two reads of them) and the API's board representation. */
final class Boards {
  private Boards() {}

  /** The board store with every published phase's board loaded (built once where missing). */
  static BoardStore open(MongoDatabase db, SubmissionRepository submissions, ChallengeCatalog catalog) {
    BoardStore store = new BoardStore(db, BoardStore.Archive.of(submissions), catalog::find,
        JsonViews::leaderboardBytes);
    store.open(catalog.all());
    return store;
  }
}
