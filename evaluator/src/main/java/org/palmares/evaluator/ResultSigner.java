package org.palmares.evaluator;

import java.io.IOException;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.provenance.HiddenFilesDigest;
import org.palmares.evaluator.provenance.ResultRecord;
import org.palmares.evaluator.provenance.SignedRecord;
import org.palmares.evaluator.provenance.SiteKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs each result a site sends: builds its {@link ResultRecord} from the job, the report and
 * what only the site knows (the digest of its hidden files, its scorer, its version) and puts the
 * signed record on the report.
 */
public final class ResultSigner {
  private static final Logger LOG = LoggerFactory.getLogger(ResultSigner.class);
  private final SiteKey key;
  private final SiteData site;
  private final HiddenFilesDigest hidden = new HiddenFilesDigest();
  private final String version;

  public ResultSigner(SiteKey key, SiteData site) {
    this(key, site, EvaluatorVersion.current());
  }

  ResultSigner(SiteKey key, SiteData site, String version) {
    this.key = key;
    this.site = site;
    this.version = version;
  }

  /** The report under this site's signed record of it. */
  public JobReport signed(Job job, JobReport report) {
    return report.withRecord(SignedRecord.sign(recordOf(job, report), key));
  }

  /** The record of {@code report} for {@code job} (at the job's site), as this site states it. */
  public ResultRecord recordOf(Job job, JobReport report) {
    EvaluationSpec spec = job.spec();
    String hiddenDigest;
    try {
      hiddenDigest = hidden.digest(site.bundle(spec.challenge()), HiddenFilesDigest.readBy(spec));
    } catch (IOException | RuntimeException e) {
      // the evaluation could not read them either: its report is an evaluator error, signed as such
      LOG.warn("Hidden files of {} cannot be digested: {}", spec.challenge(), e.getMessage());
      hiddenDigest = null;
    }
    return new ResultRecord(spec.challenge(), spec.phase(), job.site(), job.submissionId(), job.attempt(),
        job.imageDigest(), scorer(spec), hiddenDigest, report.runtime(), version, report.outcome(),
        ResultRecord.scoresOf(report.scores()));
  }

  private String scorer(EvaluationSpec spec) {
    return spec.scoringImage() != null ? "image " + spec.scoringImage() : "builtin " + version;
  }
}
