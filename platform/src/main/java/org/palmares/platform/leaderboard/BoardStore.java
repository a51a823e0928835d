package org.palmares.platform.leaderboard;

import com.mongodb.client.MongoDatabase;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.leaderboard.LeaderboardService.Part;
import org.palmares.platform.submission.BoardHook;
import org.palmares.platform.submission.ResampleVectors;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every phase's board, kept live: in memory as its teams' standings and as encoded views, and in
 * the database as documents ({@link BoardRepository}). A changed submission replaces one fact of
 * one team, the team's document is rewritten and the board re-ranked (O(teams)); the archive of
 * submissions is read only by {@link #rebuild}, a one-off (migration of an older data folder,
 * repair).
 *
 * <p>Readers never wait for a computation: {@link #cached} answers from memory, without I/O, so
 * the HTTP edge serves a board on its event loop. Each version is encoded once, however many
 * spectators ask for it.
 */
public final class BoardStore implements BoardHook {
  private static final Logger LOG = LoggerFactory.getLogger(BoardStore.class);

  /** What the boards read of the submissions: one by id, and a phase's in full for a rebuild only. */
  public interface Archive {
    Optional<Submission> find(String id);

    /** Every submission of the phase, in any order, streamed (a one-off: never on a hot path). */
    void forEachOfPhase(String challenge, String phase, Consumer<Submission> each);

    /** The archive as the repository keeps it. */
    static Archive of(SubmissionRepository submissions) {
      return new Archive() {
        @Override
        public Optional<Submission> find(String id) {
          return submissions.find(id);
        }

        @Override
        public void forEachOfPhase(String challenge, String phase, Consumer<Submission> each) {
          submissions.forEachOfPhase(challenge, phase, each);
        }
      };
    }
  }

  /**
   * A board changed: the spectators are told its new version and tags, and fetch it once.
   *
   * @param challenge challenge slug
   * @param phase     phase name
   * @param version   the board's new version
   * @param etags     the new tag of each part's view (a multi-site challenge's: its pooled board's)
   * @param sites     a multi-site challenge's: the new tag of each part's view of each board, by scope (site name
   *                  or {@value SiteBoards#POOLED}); empty for a single-site challenge
   */
  public record Change(String challenge, String phase, long version, Map<Part, String> etags,
      Map<String, Map<Part, String>> sites) {}

  /** Which view of a board: a part, and a multi-site challenge's scope (a site's name, or pooled; null: the one board). */
  private record ViewKey(Part part, String scope) {}

  private record Key(String challenge, String phase) {}

  /**
   * The standings at one version (immutable) and their rank statistics per part (computed with the
   * standings, off the event loop, so rendering does no I/O; a part without figures is absent).
   */
  private record Snapshot(long version, List<TeamStanding> teams, Figures figures) {}

  /** What a board's standings give with the resample vectors: the Ladder's picks, and each part's rank statistics. */
  private record Figures(Map<String, String> ladderPicks, Map<Part, BoardStatistics.Result> statistics) {}

  private record Rendered(Challenge definition, long version, BoardView view) {}

  /** One phase's board. Changes hold its lock; readers take the volatile snapshot and views. */
  private static final class LiveBoard {
    final Map<String, TeamStanding> teams = new HashMap<>();
    /** Teams changed in memory whose document could not be written yet (the database was away). */
    final Set<String> unsaved = new LinkedHashSet<>();
    volatile Snapshot snapshot;
    final Map<ViewKey, Rendered> views = new ConcurrentHashMap<>();
    /**
     * The resample vectors of the submissions on the board, by {@code <submission>/<part>} (empty: it has none), so a
     * change reads only the changed submission's; pruned to the board's submissions at each change (O(teams)).
     */
    final Map<String, Optional<ResampleVectors.Stored>> vectors = new HashMap<>();
    /**
     * Each team's pooled projection, by team id, with the standing and definition it was made from: a change
     * pools the changed team's facts only (the others' are reused while their standing is the same object).
     */
    final Map<String, PooledMemo> pooled = new ConcurrentHashMap<>();
  }

  private record PooledMemo(TeamStanding source, Challenge definition, Phase phase, TeamStanding pooled) {}

  private final BoardRepository repository;
  private final Archive archive;
  private final Function<String, Optional<Challenge>> challenges;
  private final Function<Leaderboard, Buffer> encoder;
  private final Map<Key, LiveBoard> boards = new ConcurrentHashMap<>();
  private final ResampleVectors resampleVectors;
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param challenges the current definition of a challenge by slug
   * @param encoder    a board's API representation (the HTTP edge decides what the API shows)
   */
  public BoardStore(MongoDatabase db, Archive archive, Function<String, Optional<Challenge>> challenges,
      Function<Leaderboard, Buffer> encoder) {
    this.repository = new BoardRepository(db);
    this.archive = archive;
    this.challenges = challenges;
    this.encoder = encoder;
    this.resampleVectors = new ResampleVectors(db);
  }

  /** Runs {@code listener} after every change of a board (on the thread that made it). */
  public void onChange(Consumer<Change> listener) {
    listeners.add(listener);
  }

  /**
   * Loads the boards of every phase of {@code all}, building once from the archive those never
   * built (a data folder written before boards were kept). Run at start-up, before any request.
   */
  public void open(Iterable<Challenge> all) {
    for (Challenge c : all) {
      for (Phase p : c.phases()) {
        Key key = new Key(c.slug(), p.name());
        if (!boards.containsKey(key)) {
          // built once when missing, or when it was ranked by another metric (only possible before any score)
          boards.put(key, repository.load(c.slug(), p.name()).filter(s -> s.metric().equals(c.primaryMetric()))
              .map(s -> live(s, c, p)).orElseGet(() -> rebuilt(c, p, 0)));
        }
      }
    }
  }

  /**
   * Builds the board of {@code phase} again from every stored submission of it (repair; it reads
   * the whole phase, so it is never run on a request).
   */
  public void rebuild(Challenge challenge, Phase phase) {
    Key key = new Key(challenge.slug(), phase.name());
    LiveBoard board = boards.computeIfAbsent(key, k -> new LiveBoard());
    synchronized (board) {
      LiveBoard fresh = rebuilt(challenge, phase, board.snapshot == null ? 0 : board.snapshot.version());
      board.teams.clear();
      board.teams.putAll(fresh.teams);
      board.unsaved.clear();
      board.snapshot = fresh.snapshot;
      board.vectors.clear();
      board.vectors.putAll(fresh.vectors);
      board.views.clear();
      board.pooled.clear();
    }
    publish(challenge, phase, board);
  }

  private LiveBoard rebuilt(Challenge challenge, Phase phase, long after) {
    String metric = challenge.primaryMetric();
    Map<String, TeamStanding> teams = new HashMap<>();
    long[] read = {0};
    archive.forEachOfPhase(challenge.slug(), phase.name(), s -> {
      read[0]++;
      SubmissionFact fact = SubmissionFact.of(s, metric);
      teams.compute(s.teamId(), (team, had) -> (had == null ? TeamStanding.empty(team) : had).with(fact));
    });
    long version = repository.replaceAll(challenge.slug(), phase.name(), metric, teams.values(), after);
    if (read[0] > 0) {
      LOG.info("Built the board of {}/{} from its {} stored submission(s), once", challenge.slug(), phase.name(),
          read[0]);
    }
    return live(new BoardRepository.Stored(metric, version, List.copyOf(teams.values())), challenge, phase);
  }

  private LiveBoard live(BoardRepository.Stored stored, Challenge challenge, Phase phase) {
    LiveBoard board = new LiveBoard();
    stored.teams().forEach(t -> board.teams.put(t.teamId(), t));
    List<TeamStanding> teams = List.copyOf(stored.teams());
    board.snapshot = new Snapshot(stored.version(), teams, figures(board, challenge, phase, teams));
    return board;
  }

  /**
   * The Ladder's picks (a phase using it) and the rank statistics of each part over the teams' picks (baselines
   * excluded), reading from the database only the vectors not yet cached. A failure (the database away) leaves the board without figures, never without a board.
   */
  private Figures figures(LiveBoard board, Challenge challenge, Phase phase, List<TeamStanding> teams) {
    if (challenge.multiSite()) {
      // rank statistics and the Ladder replay read one set of resample vectors per submission; a multi-site
      // submission has one per site, which the boards do not pair yet: its boards show intervals, not rank figures
      return new Figures(Map.of(), Map.of());
    }
    String metric = challenge.primaryMetric();
    Map<Part, BoardStatistics.Result> out = new EnumMap<>(Part.class);
    Set<String> shown = new java.util.HashSet<>();
    BoardStatistics.Source cache = (ids, label) -> {
      ids.forEach(id -> shown.add(id + "/" + label));
      return cachedVectors(board, ids, label);
    };
    Map<String, String> ladderPicks = Map.of();
    try {
      ladderPicks = LadderPicks.of(challenge, phase, teams, cache);
    } catch (RuntimeException e) {
      LOG.warn("The Ladder of {}/{} could not be replayed: {}", challenge.slug(), phase.name(), e.toString());
    }
    for (Part part : Part.values()) {
      List<BoardStatistics.Line> lines = LeaderboardService.lines(challenge, phase, part, teams, ladderPicks);
      if (lines.isEmpty()) {
        continue;
      }
      try {
        BoardStatistics.Result result = new BoardStatistics(cache)
            .of(lines, part.label(), metric, challenge.higherIsBetter(metric));
        if (result.board() != null) {
          out.put(part, result);
        }
      } catch (RuntimeException e) {
        LOG.warn("The rank statistics of {}/{} ({}) could not be computed: {}", challenge.slug(), phase.name(),
            part.label(), e.toString());
      }
    }
    board.vectors.keySet().retainAll(shown);
    return new Figures(ladderPicks, Map.copyOf(out));
  }

  private Map<String, ResampleVectors.Stored> cachedVectors(LiveBoard board, List<String> ids, String part) {
    List<String> missing = ids.stream().filter(id -> !board.vectors.containsKey(id + "/" + part)).toList();
    if (!missing.isEmpty()) {
      Map<String, ResampleVectors.Stored> read = resampleVectors.of(missing, part);
      missing.forEach(id -> board.vectors.put(id + "/" + part, Optional.ofNullable(read.get(id))));
    }
    Map<String, ResampleVectors.Stored> out = new HashMap<>();
    for (String id : ids) {
      board.vectors.get(id + "/" + part).ifPresent(v -> out.put(id, v));
    }
    return out;
  }

  /** Whether the board shows {@code id} on a part without its vectors (they are written after the score). */
  private static boolean lacksVectors(LiveBoard board, String id) {
    return Optional.<ResampleVectors.Stored>empty().equals(board.vectors.get(id + "/public"))
        || Optional.<ResampleVectors.Stored>empty().equals(board.vectors.get(id + "/private"));
  }

  /**
   * The view of a board if it is in memory: no I/O (rendering a version not yet rendered costs
   * O(teams) once). Empty for a phase not loaded yet ({@link #view} loads it).
   */
  public Optional<BoardView> cached(Challenge challenge, Phase phase, Part part) {
    return cached(challenge, phase, part, null);
  }

  /**
   * The view of one of a multi-site phase's boards if it is in memory (no I/O): {@code scope} a site's name or
   * {@value SiteBoards#POOLED}; null: the pooled board of a multi-site challenge, the one board of a single-site one.
   *
   * @throws IllegalArgumentException for a scope the challenge does not have
   */
  public Optional<BoardView> cached(Challenge challenge, Phase phase, Part part, String scope) {
    String checked = scope(challenge, scope);
    LiveBoard board = boards.get(new Key(challenge.slug(), phase.name()));
    return board == null ? Optional.empty() : Optional.of(render(board, challenge, phase, part, checked));
  }

  /** The view of a board, loading it first if needed (may read the database: not on an event loop). */
  public BoardView view(Challenge challenge, Phase phase, Part part) {
    return view(challenge, phase, part, null);
  }

  /** {@link #cached(Challenge, Phase, Part, String)}, loading the board first if needed (not on an event loop). */
  public BoardView view(Challenge challenge, Phase phase, Part part, String scope) {
    return render(board(challenge, phase), challenge, phase, part, scope(challenge, scope));
  }

  /** The scopes of a challenge's boards: null alone (single-site), or pooled then each site. */
  private static List<String> scopes(Challenge challenge) {
    if (!challenge.multiSite()) {
      return java.util.Collections.singletonList(null);
    }
    List<String> out = new java.util.ArrayList<>();
    out.add(SiteBoards.POOLED);
    out.addAll(challenge.siteNames());
    return out;
  }

  private static String scope(Challenge challenge, String asked) {
    if (!challenge.multiSite()) {
      if (asked != null) {
        throw new IllegalArgumentException("challenge " + challenge.slug() + " has one site: its board takes no site");
      }
      return null;
    }
    if (asked == null) {
      return SiteBoards.POOLED;
    }
    if (!asked.equals(SiteBoards.POOLED) && !challenge.siteNames().contains(asked)) {
      throw new IllegalArgumentException("challenge " + challenge.slug() + " has no site '" + asked + "'; its boards: "
          + String.join(", ", scopes(challenge)));
    }
    return asked;
  }

  /** The best public score over time (pages' chart), from the board's facts: O(submissions kept on the board). */
  public List<RecordHistory.Point> history(Challenge challenge, Phase phase) {
    return RecordHistory.of(board(challenge, phase).snapshot.teams(), challenge.higherIsBetter(challenge.primaryMetric()),
        phase.precision());
  }

  /** The board itself (pages). */
  public Leaderboard of(Challenge challenge, Phase phase, Part part) {
    return view(challenge, phase, part).board();
  }

  /** One of a multi-site phase's boards ({@code scope}: a site, {@value SiteBoards#POOLED}, or null: pooled). */
  public Leaderboard of(Challenge challenge, Phase phase, Part part, String scope) {
    return view(challenge, phase, part, scope).board();
  }

  private LiveBoard board(Challenge challenge, Phase phase) {
    // A phase unknown at start-up came with a new bundle version: no submission can be stored for it yet.
    return boards.computeIfAbsent(new Key(challenge.slug(), phase.name()), k -> repository.load(k.challenge(), k.phase())
        .map(s -> live(s, challenge, phase))
        .orElseGet(() -> live(new BoardRepository.Stored(challenge.primaryMetric(), 0, List.of()), challenge, phase)));
  }

  private BoardView render(LiveBoard board, Challenge challenge, Phase phase, Part part) {
    return render(board, challenge, phase, part, scope(challenge, null));
  }

  private BoardView render(LiveBoard board, Challenge challenge, Phase phase, Part part, String scope) {
    Snapshot snapshot = board.snapshot;
    ViewKey key = new ViewKey(part, scope);
    Rendered rendered = board.views.get(key);
    // a new bundle version (another precision, say) is another board: the definition is part of the key
    if (rendered != null && rendered.version() == snapshot.version() && rendered.definition() == challenge) {
      return rendered.view();
    }
    Leaderboard ranked;
    if (scope == null) {
      ranked = LeaderboardService.rank(challenge, phase, part, snapshot.teams(),
          snapshot.figures().ladderPicks(), snapshot.figures().statistics().get(part));
    } else if (scope.equals(SiteBoards.POOLED)) {
      List<TeamStanding> pooled = pooled(board, challenge, phase, snapshot.teams());
      List<SiteBoards.Provisional> provisional = SiteBoards.provisional(phase, pooled);
      ranked = LeaderboardService.rank(challenge, phase, part, pooled).scoped(scope, challenge.siteNames(),
          provisional.isEmpty(), provisional, SiteBoards.rule(challenge, phase.ranksProvisionalPooled()));
    } else {
      ranked = LeaderboardService.rank(challenge, phase, part,
          SiteBoards.atSite(snapshot.teams(), scope, challenge.primaryMetric()))
          .scoped(scope, challenge.siteNames(), null, null, null);
    }
    Buffer json = encoder.apply(ranked);
    BoardView view = new BoardView(ranked, json, etag(json), snapshot.version());
    board.views.put(key, new Rendered(challenge, snapshot.version(), view));
    return view;
  }

  /** The pooled projection of {@code teams}, pooling again only the teams whose standing changed. */
  private static List<TeamStanding> pooled(LiveBoard board, Challenge challenge, Phase phase, List<TeamStanding> teams) {
    List<TeamStanding> out = new java.util.ArrayList<>(teams.size());
    for (TeamStanding t : teams) {
      PooledMemo memo = board.pooled.get(t.teamId());
      if (memo == null || memo.source() != t || memo.definition() != challenge || memo.phase() != phase) {
        memo = new PooledMemo(t, challenge, phase, SiteBoards.pooled(challenge, phase, List.of(t)).get(0));
        board.pooled.put(t.teamId(), memo);
      }
      out.add(memo.pooled());
    }
    return out;
  }

  @Override
  public void anticipate(Submission next) {
    apply(next.id(), next);
  }

  @Override
  public void changed(String submissionId) {
    apply(submissionId, null);
  }

  /** Replaces the fact of one submission ({@code known}, or as stored now) and re-ranks its board. */
  private void apply(String id, Submission known) {
    Submission located = known != null ? known : archive.find(id).orElse(null);
    if (located == null) {
      return;
    }
    Challenge challenge = challenges.apply(located.challenge()).orElse(null);
    Phase phase = challenge == null ? null : challenge.phase(located.phase()).orElse(null);
    if (phase == null) {
      return; // a challenge or phase no longer published has no board to update
    }
    LiveBoard board = board(challenge, phase);
    Map<String, Map<Part, String>> etagsBefore;
    synchronized (board) {
      // read again under the lock: of two changes of one submission, the later read is applied last
      Submission s = known != null ? known : archive.find(id).orElse(located);
      SubmissionFact fact = SubmissionFact.of(s, challenge.primaryMetric());
      TeamStanding before = board.teams.getOrDefault(s.teamId(), TeamStanding.empty(s.teamId()));
      // the vectors are stored just after the score: its confirmation brings them to a board that anticipated it
      boolean vectorsArrive = known == null && lacksVectors(board, s.id());
      if (fact.equals(before.facts().get(s.id())) && board.unsaved.isEmpty() && !vectorsArrive) {
        return; // nothing a board shows changed (e.g. the stored state confirms what was anticipated)
      }
      etagsBefore = etags(board, challenge, phase);
      board.teams.put(s.teamId(), before.with(fact));
      board.unsaved.add(s.teamId());
      long version = board.snapshot.version() + 1;
      try {
        for (var it = board.unsaved.iterator(); it.hasNext(); ) {
          repository.save(challenge.slug(), phase.name(), board.teams.get(it.next()), version);
          it.remove();
        }
      } catch (RuntimeException e) {
        // the database is away: the board is served from memory and its documents written at the next change
        LOG.warn("The board of {}/{} could not be stored ({}); it will be at its next change", challenge.slug(),
            phase.name(), e.toString());
      }
      List<TeamStanding> teams = List.copyOf(board.teams.values());
      board.vectors.remove(s.id() + "/public");
      board.vectors.remove(s.id() + "/private");
      board.snapshot = new Snapshot(version, teams, figures(board, challenge, phase, teams));
    }
    // encoded here, once, not on the first spectator's request; nobody is told of a change no view shows
    if (!etags(board, challenge, phase).equals(etagsBefore)) {
      publish(challenge, phase, board);
    }
  }

  /** The tag of every view of the board: by scope (null alone for a single-site challenge), then part. */
  private Map<String, Map<Part, String>> etags(LiveBoard board, Challenge challenge, Phase phase) {
    Map<String, Map<Part, String>> all = new HashMap<>();
    for (String scope : scopes(challenge)) {
      Map<Part, String> etags = new EnumMap<>(Part.class);
      for (Part part : Part.values()) {
        etags.put(part, render(board, challenge, phase, part, scope).etag());
      }
      all.put(scope, etags);
    }
    return all;
  }

  private void publish(Challenge challenge, Phase phase, LiveBoard board) {
    Map<String, Map<Part, String>> etags = etags(board, challenge, phase);
    Map<String, Map<Part, String>> sites = new HashMap<>(etags);
    sites.remove(null);
    Change change = new Change(challenge.slug(), phase.name(), board.snapshot.version(),
        etags.get(scope(challenge, null)), Map.copyOf(sites));
    for (Consumer<Change> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        LOG.warn("A board listener failed: {}", e.toString());
      }
    }
  }

  /** A strong entity tag: the first 128 bits of the bytes' SHA-256. */
  private static String etag(Buffer bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.getBytes());
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
