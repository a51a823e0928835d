package org.palmares.evaluator.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.provenance.HiddenFilesDigest;
import org.palmares.evaluator.provenance.ResultRecord;
import org.palmares.evaluator.provenance.SignedRecord;
import org.palmares.evaluator.provenance.SiteKey;
import org.palmares.evaluator.scoring.Interval;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.SplitScores;

/**
 * What signing costs a site and checking costs the platform, per result: the canonical form,
 * Ed25519 signature and verification of a record carrying a realistic score report (5 metrics on
 * both parts, 1,000 resample values each), and the hidden-files digest of the demo bundles, cold
 * and cached. A command ({@code scripts/provenance-benchmark.sh}), not a test. Median of 20 runs
 * after 20 warm-ups.
 */
public final class ProvenanceBenchmark {
  private ProvenanceBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path challenges = Path.of(args.length > 0 ? args[0] : "challenges");
    int resamples = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Random random = new Random(11);
    ScoreReport scores = new ScoreReport("roc_auc", part(random, resamples), part(random, resamples));
    ResultRecord record = new ResultRecord("breast-cancer-diagnosis", "final", "nl", "sub_0123456789abcdef", 1,
        "sha256:" + "ab".repeat(32), "builtin 0.1.0", "sha256:" + "cd".repeat(32), "runsc", "0.1.0", "SUCCEEDED",
        ResultRecord.scoresOf(scores));
    SiteKey key = SiteKey.generate();
    SignedRecord signed = SignedRecord.sign(record, key);
    System.out.printf(Locale.ROOT, "record: %,d bytes of canonical JSON (%d resample values per metric and part)%n",
        signed.payload().length(), resamples);
    System.out.printf(Locale.ROOT, "sign (canonical form + Ed25519):   %.2f ms%n", median(() -> SignedRecord.sign(record, key)));
    System.out.printf(Locale.ROOT, "verify (parse + canonical check + Ed25519): %.2f ms%n",
        median(() -> SignedRecord.parse(signed.toJson()).verifiedWith(key.publicKey())));
    for (String[] bundle : new String[][] {{"breast-cancer-diagnosis", "hidden/test-inputs.csv", "hidden/test-labels.csv"},
        {"histology-lesions", "hidden/test/cases.csv", "hidden/test/images", "hidden/test/masks"}}) {
      Path folder = challenges.resolve(bundle[0]);
      List<String> files = Arrays.asList(bundle).subList(1, bundle.length);
      long start = System.nanoTime();
      HiddenFilesDigest digests = new HiddenFilesDigest();
      digests.digest(folder, files);
      double cold = (System.nanoTime() - start) / 1e6;
      System.out.printf(Locale.ROOT, "hidden digest %s: %.1f ms cold, %.2f ms cached%n", bundle[0], cold,
          median(() -> digests.digest(folder, files)));
    }
  }

  private static SplitScores part(Random random, int resamples) {
    Map<String, MetricValue> metrics = new LinkedHashMap<>();
    Map<String, List<Double>> values = new LinkedHashMap<>();
    for (String m : List.of("roc_auc", "accuracy", "sensitivity", "specificity", "log_loss")) {
      double v = random.nextDouble();
      metrics.put(m, new MetricValue(v, new Interval(v - 0.05, v + 0.05, resamples), null));
      List<Double> draws = new ArrayList<>(resamples);
      for (int i = 0; i < resamples; i++) {
        draws.add(v + random.nextGaussian() * 0.02);
      }
      values.put(m, draws);
    }
    return new SplitScores(120, 45, metrics, null, values);
  }

  interface Work {
    Object run() throws Exception;
  }

  private static double median(Work work) throws Exception {
    for (int i = 0; i < 20; i++) {
      work.run();
    }
    double[] ms = new double[20];
    for (int i = 0; i < ms.length; i++) {
      long start = System.nanoTime();
      work.run();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return ms[ms.length / 2];
  }
}
