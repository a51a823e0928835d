package org.palmares.platform.leaderboard;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * Boards as documents: {@code boards} holds one small document per challenge and phase (the
 * metric it ranks by and its version when built), {@code board_teams} one per team of it (the facts
 * of the team's submissions). A new result rewrites one team's document by
 * {@code _id}; nothing here reads the archive of submissions. A change is one write: the team's
 * document carries the board's version, and a board's version is the highest of its documents'.
 */
final class BoardRepository {
  static final String BOARDS = "boards";
  static final String TEAMS = "board_teams";
  private static final String CHALLENGE = "challenge";
  private static final String PHASE = "phase";
  private static final String METRIC = "metric";
  private static final String VERSION = "version";
  private static final String TEAM_ID = "teamId";
  private static final String FACTS = "facts";

  /** A board as stored. */
  record Stored(String metric, long version, List<TeamStanding> teams) {}

  private final MongoCollection<Document> boards;
  private final MongoCollection<Document> teams;

  BoardRepository(MongoDatabase db) {
    this.boards = db.getCollection(BOARDS);
    this.teams = db.getCollection(TEAMS);
    teams.createIndex(Indexes.ascending(CHALLENGE, PHASE));
  }

  /** The stored board, or empty when it was never built (a data folder from before boards were kept). */
  Optional<Stored> load(String challenge, String phase) {
    Document board = boards.find(eq("_id", key(challenge, phase))).first();
    if (board == null) {
      return Optional.empty();
    }
    List<TeamStanding> standings = new ArrayList<>();
    long version = ((Number) board.get(VERSION)).longValue();
    for (Document d : teams.find(and(eq(CHALLENGE, challenge), eq(PHASE, phase)))) {
      standings.add(toStanding(d));
      version = Math.max(version, d.get(VERSION) == null ? 0 : ((Number) d.get(VERSION)).longValue());
    }
    return Optional.of(new Stored(board.getString(METRIC), version, standings));
  }

  /**
   * Stores one team's standing as of board version {@code version}: one write per change (the
   * board's version is the highest of its documents', so it needs no write of its own).
   */
  void save(String challenge, String phase, TeamStanding team, long version) {
    teams.replaceOne(eq("_id", key(challenge, phase) + "/" + team.teamId()),
        toDocument(challenge, phase, team).append(VERSION, version), new ReplaceOptions().upsert(true));
  }

  /** Records the board as built at {@code version} (a board without this document is built again). */
  private void built(String challenge, String phase, String metric, long version) {
    boards.replaceOne(eq("_id", key(challenge, phase)), new Document(CHALLENGE, challenge).append(PHASE, phase)
        .append(METRIC, metric).append(VERSION, version), new ReplaceOptions().upsert(true));
  }

  /**
   * Replaces every team of the board (a rebuild) at the version after {@code after}, then records
   * it as built: a rebuild cut short leaves no board document, so it is done again.
   */
  long replaceAll(String challenge, String phase, String metric, Collection<TeamStanding> standings, long after) {
    long version = after + 1;
    teams.deleteMany(and(eq(CHALLENGE, challenge), eq(PHASE, phase)));
    List<Document> batch = new ArrayList<>();
    for (TeamStanding t : standings) {
      batch.add(toDocument(challenge, phase, t).append("_id", key(challenge, phase) + "/" + t.teamId())
          .append(VERSION, version));
      if (batch.size() == 500) {
        teams.insertMany(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      teams.insertMany(batch);
    }
    built(challenge, phase, metric, version);
    return version;
  }

  private static String key(String challenge, String phase) {
    return challenge + "/" + phase;
  }

  private static Document toDocument(String challenge, String phase, TeamStanding team) {
    List<Document> facts = new ArrayList<>();
    for (SubmissionFact f : team.facts().values()) {
      Document fact = new Document("id", f.id()).append("team", f.teamName()).append("at", Date.from(f.createdAt()))
          .append("counts", f.counts()).append("dq", f.disqualified())
          .append("pub", score(f.publicScore())).append("priv", score(f.privateScore()))
          .append("base", f.baseline()).append("pubAll", scores(f.publicMetrics()))
          .append("privAll", scores(f.privateMetrics()));
      if (!f.sites().isEmpty()) {
        fact.append("sites", sites(f.sites()));
      }
      facts.add(fact);
    }
    return new Document(CHALLENGE, challenge).append(PHASE, phase).append(TEAM_ID, team.teamId()).append(FACTS, facts);
  }

  private static Document scores(Map<String, SubmissionFact.Score> all) {
    Document d = new Document();
    all.forEach((name, score) -> d.append(name, score(score)));
    return d;
  }

  /** Every metric of a fact; empty for a board document written before boards kept them. */
  private static Map<String, SubmissionFact.Score> scores(Document d) {
    Map<String, SubmissionFact.Score> out = new LinkedHashMap<>();
    if (d != null) {
      d.forEach((name, score) -> out.put(name, score((Document) score)));
    }
    return out;
  }

  /** A multi-site fact's evaluation at each site (null for a single-site one, so its document is as before). */
  private static Document sites(Map<String, SubmissionFact.SiteFact> sites) {
    if (sites.isEmpty()) {
      return null;
    }
    Document d = new Document();
    sites.forEach((name, at) -> d.append(name, new Document("status", at.status())
        .append("pub", sitePart(at.publicPart())).append("priv", sitePart(at.privatePart()))));
    return d;
  }

  private static Document sitePart(SubmissionFact.SitePart p) {
    return p == null ? null : new Document("cases", p.cases()).append("positives", p.positives())
        .append("metrics", scores(p.metrics()));
  }

  private static Map<String, SubmissionFact.SiteFact> sites(Document d) {
    Map<String, SubmissionFact.SiteFact> out = new LinkedHashMap<>();
    if (d != null) {
      d.forEach((name, at) -> {
        Document a = (Document) at;
        out.put(name, new SubmissionFact.SiteFact(a.getString("status"), sitePart(a.get("pub", Document.class)),
            sitePart(a.get("priv", Document.class))));
      });
    }
    return out;
  }

  private static SubmissionFact.SitePart sitePart(Document d) {
    return d == null ? null : new SubmissionFact.SitePart(d.getInteger("cases"), d.getInteger("positives"),
        scores(d.get("metrics", Document.class)));
  }

  private static Document score(SubmissionFact.Score s) {
    return s == null ? null : new Document("v", s.value()).append("lo", s.low()).append("hi", s.high());
  }

  private static TeamStanding toStanding(Document d) {
    Map<String, SubmissionFact> facts = new LinkedHashMap<>();
    for (Document f : d.getList(FACTS, Document.class)) {
      facts.put(f.getString("id"), new SubmissionFact(f.getString("id"), f.getString("team"),
          f.getDate("at").toInstant(), f.getBoolean("counts"), f.getBoolean("dq"), score(f.get("pub", Document.class)),
          score(f.get("priv", Document.class)), f.getBoolean("base", false), scores(f.get("pubAll", Document.class)),
          scores(f.get("privAll", Document.class)), sites(f.get("sites", Document.class)), null));
    }
    return new TeamStanding(d.getString(TEAM_ID), facts);
  }

  private static SubmissionFact.Score score(Document d) {
    if (d == null) {
      return null;
    }
    return new SubmissionFact.Score(((Number) d.get("v")).doubleValue(), number(d.get("lo")), number(d.get("hi")));
  }

  private static Double number(Object o) {
    return o == null ? null : ((Number) o).doubleValue();
  }
}
