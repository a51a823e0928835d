package org.palmares.platform.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.vertx.core.buffer.Buffer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Job;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionRepository;
import org.palmares.platform.submission.SubmissionService;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.bench.ScaleSeed;

/**
 * What a board update asks of the database, seen on the wire by a command listener of the driver
 * (against mongo-java-server, the embedded database's engine): the submission by {@code _id} and
 * the board's own documents by {@code _id}, never a query over the phase's submissions, so its
 * cost does not grow with the archive.
 */
class BoardUpdateReadsTest {
  /** Commands sent to the submissions collection, with their filters. */
  private final List<BsonDocument> submissionCommands = new CopyOnWriteArrayList<>();
  private final List<Integer> submissionDocumentsReturned = new CopyOnWriteArrayList<>();
  /** Queries of the resample vectors, with their filters. */
  private final List<BsonDocument> vectorQueries = new CopyOnWriteArrayList<>();
  private volatile boolean recording;
  @TempDir Path data;
  private MongoServer server;
  private MongoClient client;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    InetSocketAddress address = server.bind();
    CommandListener listener = new CommandListener() {
      @Override
      public void commandStarted(CommandStartedEvent e) {
        BsonDocument c = e.getCommand();
        if (recording && c.containsKey(e.getCommandName()) && c.get(e.getCommandName()).isString()
            && "submissions".equals(c.getString(e.getCommandName()).getValue())) {
          submissionCommands.add(c.clone());
        }
        if (recording && "find".equals(e.getCommandName()) && "resample_vectors".equals(c.getString("find").getValue())) {
          vectorQueries.add(c.getDocument("filter").clone());
        }
      }

      @Override
      public void commandSucceeded(CommandSucceededEvent e) {
        BsonDocument r = e.getResponse();
        if (recording && r.containsKey("cursor")) {
          BsonDocument cursor = r.getDocument("cursor");
          String ns = cursor.getString("ns").getValue();
          if (ns.endsWith(".submissions")) {
            String batch = cursor.containsKey("firstBatch") ? "firstBatch" : "nextBatch";
            submissionDocumentsReturned.add(cursor.getArray(batch).size());
          }
        }
      }
    };
    client = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString("mongodb://" + address.getHostString() + ":" + address.getPort()))
        .addCommandListener(listener).build());
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void aResultReadsItsSubmissionByIdAndNothingOfTheRestOfThePhase() throws Exception {
    var db = client.getDatabase("palmares");
    Challenge challenge = Fixtures.demoChallenge();
    Phase fin = challenge.phase("final").orElseThrow();
    ScaleSeed.seed(db, challenge, new ScaleSeed.Plan(2000, 40, 1, Instant.parse("2026-03-01T00:00:00Z")));
    SubmissionRepository repository = new SubmissionRepository(db);
    BoardStore boards = new BoardStore(db, BoardStore.Archive.of(repository), slug -> Optional.of(challenge),
        b -> Buffer.buffer(b.toString()));
    boards.open(List.of(challenge)); // the one-off build from the 2,000 stored submissions
    SubmissionService queue = new SubmissionService(repository, new BlobStore(data.resolve("blobs")),
        new SubmissionService.QueueSettings(Duration.ofMinutes(1), 3), Clock.systemUTC(), boards);
    Job job = queue.lease("w", null).orElseThrow();

    recording = true;
    queue.report(job.submissionId(), "w", job.attempt(), Fixtures.scored(1.0, 1.0));
    Submission reported = repository.find(job.submissionId()).orElseThrow();
    Leaderboard.Entry afterReport = entry(boards.of(challenge, fin, LeaderboardService.Part.PUBLIC), reported);
    queue.disqualify(job.submissionId(), "checked: used the labels");
    recording = false;

    assertThat(submissionCommands).isNotEmpty().allSatisfy(command -> {
      BsonDocument filter = command.containsKey("filter") ? command.getDocument("filter")
          : command.containsKey("query") ? command.getDocument("query")
          : command.getArray("updates").get(0).asDocument().getDocument("q");
      assertThat(filter.keySet()).as(command.toJson()).contains("_id");
    });
    assertThat(submissionDocumentsReturned.stream().mapToInt(Integer::intValue).sum())
        .as("documents of the submissions collection read by a report and a disqualification")
        .isLessThanOrEqualTo(6);
    // the rank statistics read the vectors of the changed submission (or the pick it gives back) only, by _id:
    // the other 39 teams' are cached
    assertThat(vectorQueries).isNotEmpty().allSatisfy(filter ->
        assertThat(filter.getDocument("_id").getArray("$in").size()).as(filter.toJson()).isLessThanOrEqualTo(1));
    Leaderboard board = boards.of(challenge, fin, LeaderboardService.Part.PUBLIC);
    assertThat(board.entries()).hasSize(40);
    // the result is its team's pick (seeded scores are below 1), until it is disqualified
    assertThat(afterReport.scoredSubmissionAt()).isEqualTo(reported.createdAt());
    assertThat(afterReport.score()).isEqualTo(1.0);
    assertThat(entry(board, reported).scoredSubmissionAt()).isNotEqualTo(reported.createdAt());
  }

  private static Leaderboard.Entry entry(Leaderboard board, Submission of) {
    return board.entries().stream().filter(e -> e.team().equals(of.teamName())).findFirst().orElseThrow();
  }
}
