package org.palmares.platform;

import com.mongodb.client.MongoDatabase;
import java.util.Optional;
import java.util.function.Consumer;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.http.JsonViews;
import org.palmares.platform.leaderboard.BoardStore;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionRepository;

/** Assembles the board store over the submissions (its two reads of them) and the API's board representation. */
final class Boards {
  private Boards() {}

  /** The board store with every published phase's board loaded (built once where missing). */
  static BoardStore open(MongoDatabase db, SubmissionRepository submissions, ChallengeCatalog catalog) {
    BoardStore store = new BoardStore(db, new BoardStore.Archive() {
      @Override
      public Optional<Submission> find(String id) {
        return submissions.find(id);
      }

      @Override
      public void forEachOfPhase(String challenge, String phase, Consumer<Submission> each) {
        submissions.forEachOfPhase(challenge, phase, each);
      }
    }, catalog::find, JsonViews::leaderboardBytes);
    store.open(catalog.all());
    return store;
  }
}
