package org.palmares.platform.evaluation;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.palmares.platform.auth.BearerToken;
import org.palmares.platform.challenge.Challenge;

/**
 * Remote evaluators' tokens, each scoped to the challenges whose hidden data its site holds.
 * Stored hashed in {@code evaluators}; a team's or an organizer's token is never one of these.
 */
public final class EvaluatorCredentials {
  private final MongoCollection<Document> evaluators;

  /**
   * A remote evaluator.
   *
   * @param id         identifier; its workers' names are prefixed with it, so it can only report its own leases
   * @param name       display name (e.g. the site)
   * @param challenges slugs of the challenges it may evaluate
   * @param site       the site of multi-site challenges it evaluates at (it leases and reports only that site's
   *                   evaluations of them), or null: it then serves single-site challenges only
   */
  public record RemoteEvaluator(String id, String name, List<String> challenges, String site) {

    /** An evaluator of single-site challenges. */
    public RemoteEvaluator(String id, String name, List<String> challenges) {
      this(id, name, challenges, null);
    }
  }

  /** A created evaluator and its token, shown once. */
  public record Created(RemoteEvaluator evaluator, String token) {}

  public EvaluatorCredentials(MongoDatabase db) {
    this.evaluators = db.getCollection("evaluators");
    evaluators.createIndex(Indexes.ascending("tokenHash"), new IndexOptions().unique(true));
  }

  /** An evaluator of single-site challenges. */
  public Created create(String name, List<String> challenges, Instant now) {
    return create(name, challenges, null, now);
  }

  /**
   * An evaluator for {@code site} (null: of single-site challenges only). Check the site against
   * the challenges first with {@link #checkSite}.
   */
  public Created create(String name, List<String> challenges, String site, Instant now) {
    String token = BearerToken.generate();
    RemoteEvaluator e = new RemoteEvaluator("ev_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
        name, List.copyOf(challenges), site);
    evaluators.insertOne(new Document("_id", e.id()).append("name", name).append("challenges", e.challenges())
        .append("site", site).append("tokenHash", BearerToken.hash(token)).append("createdAt", Date.from(now)));
    return new Created(e, token);
  }

  /**
   * Why an evaluator for {@code site} cannot serve {@code challenges}, or null when it can: a site's
   * evaluator serves challenges that declare that site; one without a site serves single-site
   * challenges only (a multi-site challenge's evaluations each belong to a site).
   *
   * @param challenges the challenges the token would serve, as the catalog holds them (unknown slugs are
   *                   {@code null}-free: pass only those found, and report the others yourself)
   */
  public static String checkSite(List<Challenge> challenges, String site) {
    for (Challenge c : challenges) {
      if (site == null && c.multiSite()) {
        return "challenge " + c.slug() + " is evaluated at its sites (" + String.join(", ", c.siteNames())
            + "): give the evaluator the site it runs at (--site NAME)";
      }
      if (site != null && c.site(site).isEmpty()) {
        return c.multiSite() ? "challenge " + c.slug() + " declares no site '" + site + "' (its sites: "
            + String.join(", ", c.siteNames()) + ")"
            : "challenge " + c.slug() + " declares no sites: its evaluator takes no --site";
      }
    }
    return null;
  }

  public Optional<RemoteEvaluator> findByToken(String token) {
    return Optional.ofNullable(evaluators.find(eq("tokenHash", BearerToken.hash(token))).first())
        .map(d -> new RemoteEvaluator(d.getString("_id"), d.getString("name"),
            d.getList("challenges", String.class, List.of()), d.getString("site")));
  }
}
