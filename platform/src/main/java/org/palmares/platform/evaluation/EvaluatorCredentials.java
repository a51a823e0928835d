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

/**
 * Remote evaluators' tokens, each scoped to the challenges whose hidden data its site holds.
 * Stored hashed in {@code evaluators}; a team's or an organizer's token is never one of these.
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
   * @param publicKey  the site's Ed25519 public key (PEM): its reports must carry a record signed with it;
   *                   null when none is registered (its results are then accepted unsigned)
   */
  public record RemoteEvaluator(String id, String name, List<String> challenges, String publicKey) {

    /** An evaluator without a registered key. */
    public RemoteEvaluator(String id, String name, List<String> challenges) {
      this(id, name, challenges, null);
    }
  }

  /**
   * A key a site signs or signed with, as published beside its records.
   *
   * @param evaluator the evaluator's id
   * @param name      its display name
   * @param publicKey the key (PEM)
   * @param keyId     its id, as records name it
   * @param current   false for a key replaced by a rotation (records it signed still verify)
   */
  public record SiteKeyEntry(String evaluator, String name, String publicKey, String keyId, boolean current) {}

  /** A created evaluator and its token, shown once. */
  public record Created(RemoteEvaluator evaluator, String token) {}

  public EvaluatorCredentials(MongoDatabase db) {
    this.evaluators = db.getCollection("evaluators");
    evaluators.createIndex(Indexes.ascending("tokenHash"), new IndexOptions().unique(true));
  }

  public Created create(String name, List<String> challenges, Instant now) {
    return create(name, challenges, null, now);
  }

  /**
   * Creates an evaluator, with the site's public key when given.
   *
   * @throws org.palmares.evaluator.provenance.ProvenanceException when the key is not an Ed25519 public key
   */
  public Created create(String name, List<String> challenges, String publicKey, Instant now) {
    String pem = publicKey == null ? null : normalized(publicKey);
    String token = BearerToken.generate();
    RemoteEvaluator e = new RemoteEvaluator("ev_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
        name, List.copyOf(challenges), pem);
    evaluators.insertOne(new Document("_id", e.id()).append("name", name).append("challenges", e.challenges())
        .append("tokenHash", BearerToken.hash(token)).append("createdAt", Date.from(now)).append(PUBLIC_KEY, pem));
    return new Created(e, token);
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
    return new SiteKeyEntry(d.getString("_id"), d.getString("name"), pem,
        Signatures.keyId(Signatures.publicKey(pem)), current);
  }

  private static String normalized(String publicKey) {
    return Signatures.pem(Signatures.publicKey(publicKey));
  }

  public Optional<RemoteEvaluator> findByToken(String token) {
    return Optional.ofNullable(evaluators.find(eq("tokenHash", BearerToken.hash(token))).first())
        .map(d -> new RemoteEvaluator(d.getString("_id"), d.getString("name"),
            d.getList("challenges", String.class, List.of()), d.getString(PUBLIC_KEY)));
  }
}
