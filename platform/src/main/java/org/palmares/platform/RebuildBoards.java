package org.palmares.platform;

import java.util.concurrent.Callable;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.leaderboard.BoardStore;
import org.palmares.platform.leaderboard.LeaderboardService;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.submission.SubmissionRepository;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code palmares rebuild-boards}: the repair of the leaderboards, built again from every stored
 * submission (boards are otherwise updated per result and never rebuilt). Run with the platform
 * stopped; it reads whole phases, which nothing else does.
 */
@Command(name = "rebuild-boards", mixinStandardHelpOptions = true,
    description = "Builds every leaderboard (or those of --challenge) again from the stored submissions. A repair: "
        + "boards are kept up to date per result. Run it with the platform stopped.")
final class RebuildBoards implements Callable<Integer> {
  @CommandLine.Mixin Main.Common common = new Main.Common();

  @Option(names = "--challenge", description = "Only this challenge's boards")
  String only;

  @Override
  public Integer call() throws Exception {
    return Main.onSafeDataFolder(() -> {
      ChallengeCatalog catalog = ChallengeCatalog.load(common.challenges);
      if (only != null && catalog.find(only).isEmpty()) {
        System.err.println("There is no challenge " + only + " in " + common.challenges
            + " (Il n'y a pas de challenge " + only + ".)");
        return 2;
      }
      try (MongoConnection mongo = MongoConnection.open(System.getenv("MONGODB_URI"), common.data)) {
        BoardStore boards = Boards.open(mongo.database(), new SubmissionRepository(mongo.database()), catalog);
        for (Challenge c : catalog.all()) {
          if (only != null && !only.equals(c.slug())) {
            continue;
          }
          for (Phase p : c.phases()) {
            boards.rebuild(c, p);
            System.err.println(c.slug() + "/" + p.name() + ": "
                + boards.of(c, p, LeaderboardService.Part.PUBLIC).entries().size() + " team(s) ranked");
          }
        }
      }
      return 0;
    });
  }
}
