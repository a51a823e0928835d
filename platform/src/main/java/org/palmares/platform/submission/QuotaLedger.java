package org.palmares.platform.submission;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.palmares.platform.challenge.Phase;

/**
 * Each team's use of its quota in each phase, in one document per (challenge, phase, team) with
 * a total and a count per UTC day. A slot is taken by one atomic conditional increment, so
 * simultaneous submissions from one team can never exceed the quota (no transaction needed); a
 * slot is given back when the submission turns out not to count (the upload was refused, or the
 * platform failed it).
 *
 * <p>A slot taken for an upload is <em>held</em> until the upload becomes a submission: the same
 * atomic update that takes it records the hold (its id, the day, the process holding it) in the
 * document. A hold is settled when the submission is stored, or given back, once, when it is
 * not; so a hold whose process died (killed mid-upload) or could not give it back (the database
 * away at that moment) is found and given back later ({@link #holds}).
 */
final class QuotaLedger {
  private final MongoCollection<Document> usage;

  QuotaLedger(MongoDatabase db) {
    this.usage = db.getCollection("quota_usage");
  }

  /** A taken slot: what to give back if the submission does not count after all. */
  record Slot(String challenge, String phase, String teamId, String day) {}

  /**
   * A slot held for an upload.
   *
   * @param id     the hold's id, which is also the id of the submission the upload becomes
   * @param holder the process that took it (it alone knows whether the upload still goes on)
   */
  record Hold(String id, String holder, Slot slot) {}

  private static final String HOLDS = "holds";

  /**
   * Takes a slot held for an upload as {@code holdId} by {@code holder}, or returns null when the
   * phase's quota for the team is used up (total or today's).
   */
  Slot take(String challenge, Phase phase, String teamId, Instant now, String holdId, String holder) {
    String id = key(challenge, phase.name(), teamId);
    String day = day(now);
    try {
      usage.insertOne(new Document("_id", id).append("total", 0).append("days", new Document()));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
    List<Bson> conditions = new ArrayList<>(List.of(eq("_id", id)));
    if (phase.quota().total() != null) {
      conditions.add(lt("total", phase.quota().total()));
    }
    if (phase.quota().perDay() != null) {
      conditions.add(or(exists("days." + day, false), lt("days." + day, phase.quota().perDay())));
    }
    Document taken = usage.findOneAndUpdate(and(conditions),
        Updates.combine(Updates.inc("total", 1), Updates.inc("days." + day, 1), Updates.push(HOLDS,
            new Document("id", holdId).append("day", day).append("holder", holder).append("at", Date.from(now)))));
    return taken == null ? null : new Slot(challenge, phase.name(), teamId, day);
  }

  /** Gives back the slot of a submission that does not count after all (failed by the platform). */
  void giveBack(Slot slot) {
    usage.updateOne(eq("_id", key(slot.challenge(), slot.phase(), slot.teamId())),
        Updates.combine(Updates.inc("total", -1), Updates.inc("days." + slot.day(), -1)));
  }

  /** Gives back a held slot whose upload did not become a submission; false when it was no longer held. */
  boolean giveBack(Hold hold) {
    Slot slot = hold.slot();
    // Conditional on the hold: giving back twice (a retry, two reconcilers) returns one slot.
    return usage.updateOne(and(eq("_id", key(slot.challenge(), slot.phase(), slot.teamId())), eq(HOLDS + ".id", hold.id())),
        Updates.combine(Updates.inc("total", -1), Updates.inc("days." + slot.day(), -1),
            Updates.pull(HOLDS, new Document("id", hold.id())))).getModifiedCount() > 0;
  }

  /** Ends a hold whose upload became a submission: the slot stays taken, by the submission now. */
  void settle(Hold hold) {
    Slot slot = hold.slot();
    usage.updateOne(eq("_id", key(slot.challenge(), slot.phase(), slot.teamId())),
        Updates.pull(HOLDS, new Document("id", hold.id())));
  }

  /** Every hold of {@code holder}, or of every process but {@code holder} when {@code others}. */
  List<Hold> holds(String holder, boolean others) {
    List<Hold> found = new ArrayList<>();
    for (Document d : usage.find(exists(HOLDS + ".id"))) {
      String[] parts = d.getString("_id").split("/", 3);
      for (Document h : d.getList(HOLDS, Document.class, List.of())) {
        if (holder.equals(h.getString("holder")) != others) {
          found.add(new Hold(h.getString("id"), h.getString("holder"), new Slot(parts[0], parts[1], parts[2],
              h.getString("day"))));
        }
      }
    }
    return found;
  }

  /** Slots used by the team in the phase: {total, on the day of {@code now}}. */
  long[] used(String challenge, String phase, String teamId, Instant now) {
    Document d = usage.find(eq("_id", key(challenge, phase, teamId))).first();
    if (d == null) {
      return new long[] {0, 0};
    }
    Document days = d.get("days", Document.class);
    Number today = days == null ? null : (Number) days.get(day(now));
    return new long[] {((Number) d.get("total")).longValue(), today == null ? 0 : today.longValue()};
  }

  static String day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
  }

  private static String key(String challenge, String phase, String teamId) {
    return challenge + "/" + phase + "/" + teamId;
  }
}
