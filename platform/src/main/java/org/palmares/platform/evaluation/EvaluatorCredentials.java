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
import org.palmares.evaluator.provenance.Signatures;
import org.palmares.platform.auth.BearerToken;
import org.palmares.platform.challenge.Challenge;

/**
 * Remote evaluators' tokens, each scoped to the challenges whose hidden data its site holds, with
 * the site's public signing key when one is registered. Stored hashed in {@code evaluators}; a
 * team's or an organizer's token is never one of these.
 */
public final class EvaluatorCredentials {
  private static final String PUBLIC_KEY = "publicKey";
  private static final String RETIRED_KEYS = "retiredKeys";
  private final MongoCollection<Document> evaluators;

  /**
   * A remote evaluator.
   *
   * @param id         identifier; its workers' names are prefixed with it, so it can only report its own leases
   * @param name       display name (e.g. the site)
   * @param challenges slugs of the challenges it may evaluate
   * @param site       the site of multi-site challenges it evaluates at (it leases and reports only that site's
   *                   evaluations of them), or null: it then serves single-site challenges only
   * @param publicKey  the site's Ed25519 public key (PEM): its reports must carry a record signed with it;
   *                   null when none is registered (its results are then accepted unsigned)
   */
  public record RemoteEvaluator(String id, String name, List<String> challenges, String site, String publicKey) {

    /** An evaluator without a registered key. */
    public RemoteEvaluator(String id, String name, List<String> challenges, String site) {
      this(id, name, challenges, site, null);
    }

    /** An evaluator of single-site challenges. */
    public RemoteEvaluator(String id, String name, List<String> challenges) {
      this(id, name, challenges, null, null);
    }
  }

  /**
   * A key a site signs or signed with, as published beside its records.
   *
   * @param evaluator the evaluator's id
   * @param name      its display name
   * @param site      the site it evaluates at, or null (single-site challenges)
   * @param publicKey the key (PEM)
   * @param keyId     its id, as records name it
   * @param current   false for a key replaced by a rotation (records it signed still verify)
   */
  public record SiteKeyEntry(String evaluator, String name, String site, String publicKey, String keyId,
      boolean current) {}

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
    return create(name, challenges, site, null, now);
  }

  /**
   * An evaluator for {@code site} whose reports must be signed with {@code publicKey} (PEM, or null
   * for none).
   *
   * @throws org.palmares.evaluator.provenance.ProvenanceException when the key is not an Ed25519 public key
   */
  public Created create(String name, List<String> challenges, String site, String publicKey, Instant now) {
    String pem = publicKey == null ? null : normalized(publicKey);
    String token = BearerToken.generate();
    RemoteEvaluator e = new RemoteEvaluator("ev_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
        name, List.copyOf(challenges), site, pem);
    evaluators.insertOne(new Document("_id", e.id()).append("name", name).append("challenges", e.challenges())
        .append("site", site).append("tokenHash", BearerToken.hash(token)).append("createdAt", Date.from(now))
        .append(PUBLIC_KEY, pem));
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

  /**
   * Registers or rotates the site's public key; the key it replaces is kept as retired, so the
   * records it signed still verify in exports.
   *
   * @return false when there is no such evaluator
   * @throws org.palmares.evaluator.provenance.ProvenanceException when the key is not an Ed25519 public key
   */
  public boolean setPublicKey(String id, String publicKey, Instant now) {
    String pem = normalized(publicKey);
    Document d = evaluators.find(eq("_id", id)).first();
    if (d == null) {
      return false;
    }
    String previous = d.getString(PUBLIC_KEY);
    Document update = new Document("$set", new Document(PUBLIC_KEY, pem).append("keySetAt", Date.from(now)));
    if (previous != null && !previous.equals(pem)) {
      update.append("$addToSet", new Document(RETIRED_KEYS, previous));
    }
    evaluators.updateOne(eq("_id", id), update);
    return true;
  }

  /** The keys (current and retired) of the evaluators serving {@code challenge}. */
  public List<SiteKeyEntry> keysServing(String challenge) {
    List<SiteKeyEntry> keys = new java.util.ArrayList<>();
    for (Document d : evaluators.find(eq("challenges", challenge))) {
      String current = d.getString(PUBLIC_KEY);
      if (current != null) {
        keys.add(entry(d, current, true));
      }
      for (String retired : d.getList(RETIRED_KEYS, String.class, List.of())) {
        keys.add(entry(d, retired, false));
      }
    }
    return keys;
  }

  private static SiteKeyEntry entry(Document d, String pem, boolean current) {
    return new SiteKeyEntry(d.getString("_id"), d.getString("name"), d.getString("site"), pem,
        Signatures.keyId(Signatures.publicKey(pem)), current);
  }

  private static String normalized(String publicKey) {
    return Signatures.pem(Signatures.publicKey(publicKey));
  }

  public Optional<RemoteEvaluator> findByToken(String token) {
    return Optional.ofNullable(evaluators.find(eq("tokenHash", BearerToken.hash(token))).first())
        .map(d -> new RemoteEvaluator(d.getString("_id"), d.getString("name"),
            d.getList("challenges", String.class, List.of()), d.getString("site"), d.getString(PUBLIC_KEY)));
  }
}
