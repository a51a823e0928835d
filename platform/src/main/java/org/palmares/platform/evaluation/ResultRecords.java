package org.palmares.platform.evaluation;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.provenance.ProvenanceException;
import org.palmares.evaluator.provenance.ResultRecord;
import org.palmares.evaluator.provenance.Signatures;
import org.palmares.evaluator.provenance.SignedRecord;
import org.palmares.platform.evaluation.EvaluatorCredentials.RemoteEvaluator;
import org.palmares.platform.submission.Submission;

/**
 * The signed records of the results sites sent, as received, one per (submission, site): checked
 * against the site's registered key and against the report and job they came with ({@link
 * #checked}), kept once the result is taken ({@link #keep}), and published per phase. A later
 * attempt's record (a rerun) replaces the earlier one, as its result does.
 */
public final class ResultRecords {
  private final MongoCollection<Document> records;

  /**
   * A kept record.
   *
   * @param submission submission id
   * @param site       the site's name, or null for a single-site challenge
   * @param team       the submission's team (its name, as boards show it)
   * @param attempt    the attempt it is the record of
   * @param record     the signed record's JSON ({@link SignedRecord#toJson()})
   */
  public record Kept(String submission, String site, String team, int attempt, String record) {}

  public ResultRecords(MongoDatabase db) {
    this.records = db.getCollection("result_records");
    records.createIndex(Indexes.ascending("challenge", "phase"));
  }

  /**
   * The record of {@code report}, when {@code evaluator} has a registered key: it must be there,
   * signed with that key, and describe this report of this job.
   *
   * @return the checked record, or null when the evaluator has no key (its results go unsigned)
   * @throws ProvenanceException saying what does not hold, for the site's operator
   */
  public static SignedRecord checked(RemoteEvaluator evaluator, String site, Submission job, int attempt,
      JobReport report) {
    if (evaluator.publicKey() == null) {
      return null;
    }
    SignedRecord signed = report.record();
    if (signed == null) {
      throw new ProvenanceException("this site has a registered signing key, so its reports must carry a signed "
          + "record; this one has none (is the evaluator older than the platform?)");
    }
    PublicKey key = Signatures.publicKey(evaluator.publicKey());
    ResultRecord claimed = signed.verifiedWith(key);
    ResultRecord sent = new ResultRecord(job.challenge(), job.phase(), site, job.id(), attempt, job.imageDigest(),
        null, null, report.runtime(), null, report.outcome(), ResultRecord.scoresOf(report.scores()));
    List<String> differ = claimed.disagreementsWith(sent);
    if (!differ.isEmpty()) {
      throw new ProvenanceException("the signed record does not describe this report: its " + String.join(", ", differ)
          + (differ.size() == 1 ? " differs" : " differ") + " from the report's and the job's");
    }
    return signed;
  }

  /** Keeps the record of a result the platform took, replacing an earlier attempt's. */
  public void keep(Submission s, String site, int attempt, SignedRecord signed, Instant now) {
    String id = s.id() + "/" + (site == null ? "" : site);
    Document d = new Document("_id", id).append("submission", s.id()).append("site", site)
        .append("challenge", s.challenge()).append("phase", s.phase()).append("team", s.teamName())
        .append("attempt", attempt).append("record", signed.toJson()).append("keptAt", Date.from(now));
    // an older attempt's record is replaced, a newer one never by an older (a late duplicate report)
    records.replaceOne(and(eq("_id", id), com.mongodb.client.model.Filters.lte("attempt", attempt)), d,
        new ReplaceOptions().upsert(false));
    if (records.find(eq("_id", id)).first() == null) {
      try {
        records.insertOne(d);
      } catch (com.mongodb.MongoWriteException e) {
        // another report of the same result got there first: what it kept stands
      }
    }
  }

  /** The records of a phase, by submission then site. */
  public List<Kept> ofPhase(String challenge, String phase) {
    List<Kept> out = new ArrayList<>();
    for (Document d : records.find(and(eq("challenge", challenge), eq("phase", phase)))
        .sort(Indexes.ascending("submission", "site"))) {
      out.add(new Kept(d.getString("submission"), d.getString("site"), d.getString("team"), d.getInteger("attempt"),
          d.getString("record")));
    }
    return out;
  }
}
