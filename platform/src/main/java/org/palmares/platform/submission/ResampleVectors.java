package org.palmares.platform.submission;

import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.palmares.evaluator.scoring.Resampling;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.SplitScores;

/**
 * Each scored submission's resample vectors (its metrics' values on every reported bootstrap
 * resample of each part), kept apart from the submission's document: they weigh up to ~1 MiB
 * where the rest of a submission is a few KiB, and only the rank statistics read them, for the
 * submissions on a board. One document per submission and part, {@code _id} =
 * {@code <submission>/<part>}; written once the score is recorded (a repeated report writes the
 * same bytes again).
 */
public final class ResampleVectors {

  /** One part's vectors. */
  public record Stored(Resampling resampling, Map<String, List<Double>> values) {}

  private final MongoCollection<Document> vectors;

  public ResampleVectors(MongoDatabase db) {
    this.vectors = db.getCollection("resample_vectors");
  }

  /** Stores the vectors of both parts of a report; a part without resampling stores nothing. */
  public void put(String submissionId, ScoreReport scores) {
    put(submissionId, "public", scores.publicPart());
    put(submissionId, "private", scores.privatePart());
  }

  private void put(String submissionId, String part, SplitScores scores) {
    if (scores == null || scores.resampling() == null) {
      return;
    }
    Resampling r = scores.resampling();
    Document values = new Document();
    scores.resampleValues().forEach(values::append);
    vectors.replaceOne(new Document("_id", submissionId + "/" + part), new Document("_id", submissionId + "/" + part)
        .append("resampling", new Document("scheme", r.scheme()).append("drawn", r.drawn()).append("valid", r.valid())
            .append("reported", r.reported()).append("key", r.key()).append("dropped", r.dropped()))
        .append("values", values), new ReplaceOptions().upsert(true));
  }

  /**
   * The vectors of some submissions' part ({@code public} or {@code private}), by submission id;
   * a submission without vectors (scored by a scoring image or an older evaluator) is absent.
   */
  public Map<String, Stored> of(List<String> submissionIds, String part) {
    List<String> ids = submissionIds.stream().map(id -> id + "/" + part).toList();
    Map<String, Stored> found = new HashMap<>();
    for (Document d : vectors.find(in("_id", ids))) {
      String id = d.getString("_id");
      Document r = d.get("resampling", Document.class);
      Resampling resampling = new Resampling(r.getString("scheme"), r.getInteger("drawn"), r.getInteger("valid"),
          r.getInteger("reported"), r.getString("key"), r.getList("dropped", Integer.class));
      Map<String, List<Double>> values = new LinkedHashMap<>();
      Document v = d.get("values", Document.class);
      for (String metric : v.keySet()) {
        values.put(metric, new ArrayList<>(v.getList(metric, Double.class)));
      }
      found.put(id.substring(0, id.length() - part.length() - 1), new Stored(resampling, values));
    }
    return found;
  }
}
