package org.palmares.evaluator.protocol;

import java.util.Locale;

/**
 * What went wrong in a run, as a category that holds nothing of the run: no value, row number, id
 * or exit code. It is what a team sees in a phase that withholds logs, where a detailed sentence
 * would let a container quote the hidden inputs back, or modulate an exit code with them.
 *
 * <p>The only parameter a sentence takes is a column name, which comes from the challenge's
 * prediction contract (public), never from the file the container wrote. The number of constants
 * is part of the channel left per submission stated in {@code docs/security.md}: add one only with
 * a reason, and update the count there.
 */
public enum ProblemKind {
  /** The container exited with a non-zero code (which code is withheld: it is chosen by the run). */
  EXITED_NONZERO("EXITED_NONZERO", "The container exited with a non-zero code before finishing; run it locally with"
      + " the sandbox flags of the challenge README to see why."),
  TIMED_OUT("TIMED_OUT", "The container was still running at the phase's wall-clock limit and was stopped; make"
      + " inference faster or exit when done."),
  OOM_KILLED("OOM_KILLED", "The container used more than the phase's memory limit and was killed (OOMKilled);"
      + " reduce memory use, e.g. predict in batches."),
  OUTPUT_TOO_LARGE("OUTPUT_TOO_LARGE", "The container wrote more than the phase's output limit under /output and was"
      + " stopped; write only the predictions file."),
  /** The image was refused before it ran (its reason depends on the image only, never on hidden data). */
  IMAGE_REJECTED("IMAGE_REJECTED", "The image was rejected."),
  /** The challenge's own scoring image failed: the organizers' problem, not the team's. */
  SCORING_FAILED("SCORING_FAILED", "The submission ran, but the challenge's scoring image failed. The organizers"
      + " must fix it; this does not count against your quota."),
  EVALUATOR_ERROR("EVALUATOR_ERROR", "The platform could not evaluate this submission; it does not count against"
      + " your quota."),

  /** Invalid output, no finer category known (e.g. a report from an older evaluator). */
  INVALID_OUTPUT(invalid("the output is not a valid predictions file")),
  NO_PREDICTIONS_FILE(invalid("the container exited normally but wrote no predictions file in /output")),
  NOT_A_REGULAR_FILE(invalid("the predictions file is not a regular file (a link, a folder or a device)")),
  FILE_TOO_LARGE(invalid("the predictions file is larger than the limit")),
  NOT_UTF8(invalid("the predictions file is not valid UTF-8 text")),
  NOT_CSV(invalid("the predictions file is not valid CSV")),
  EMPTY_FILE(invalid("the predictions file is empty; its first row must be the header")),
  MISSING_COLUMN(invalid("the header has no column '%s'", "the header lacks a required column")),
  DUPLICATE_COLUMN(invalid("the header has the column '%s' more than once",
      "the header has a column more than once")),
  TOO_MANY_ROWS(invalid("the predictions file has more rows than allowed; write one row per test id")),
  FIELD_COUNT(invalid("a row does not have as many fields as the header")),
  EMPTY_VALUE(invalid("a value in column '%s' is empty", "a value is empty")),
  UNKNOWN_ID(invalid("an id is not in the test set")),
  DUPLICATE_ID(invalid("an id appears more than once")),
  NOT_A_NUMBER(invalid("a value in column '%s' is not a number", "a value is not a number")),
  NOT_FINITE(invalid("a value in column '%s' is not finite", "a value is not finite")),
  OUT_OF_RANGE(invalid("a value in column '%s' is outside its allowed range",
      "a value is outside its allowed range")),
  NOT_SUMMING_TO_ONE(invalid("the class probabilities of a row do not sum to one")),
  NO_ROWS(invalid("the predictions file has a header but no rows")),
  MISSING_IDS(invalid("some test ids have no prediction")),
  /** Image tasks: a case of the test set has no output file under /output. */
  MISSING_CASE_OUTPUT(invalid("a test case has no output file under /output")),
  /** Image tasks: an output file is not a readable mask or detections file of the declared format. */
  UNREADABLE_CASE_OUTPUT(invalid("an output file is not a readable file of the declared format")),
  /** Image tasks: a mask's size or spacing differs from its image's. */
  MASK_GEOMETRY(invalid("a mask does not have the size and spacing of its image")),
  /** A custom scoring image exited 2: the predictions are invalid, by its own rules. */
  REFUSED_BY_SCORER(invalid("the challenge's scoring image found them invalid"));

  private static final String INVALID = "INVALID_OUTPUT";

  /** The texts of a kind: its outcome, its sentence, and the sentence when no column can be named. */
  private record Texts(String outcome, String sentence, String withoutColumn) {}

  private final String outcome;
  private final String sentence;
  private final String sentenceWithoutColumn;

  ProblemKind(String outcome, String sentence) {
    this(new Texts(outcome, sentence, sentence));
  }

  ProblemKind(Texts texts) {
    this.outcome = texts.outcome();
    this.sentence = texts.sentence();
    this.sentenceWithoutColumn = texts.withoutColumn();
  }

  private static Texts invalid(String what) {
    return invalid(what, what);
  }

  /** An invalid-output problem; {@code withColumn} has a {@code %s} for a contract column, {@code without} none. */
  private static Texts invalid(String withColumn, String without) {
    String prefix = "The predictions could not be scored: ";
    return new Texts(INVALID, prefix + withColumn + ".", prefix + without + ".");
  }

  /** The outcome kind ({@code INVALID_OUTPUT}, {@code TIMED_OUT}, ...) this problem belongs to. */
  public String outcome() {
    return outcome;
  }

  /**
   * Whether the detailed sentence must be withheld where the phase withholds logs. Only an image
   * refusal may be shown in full: it is decided before the image runs, from the image alone.
   */
  public boolean withholdsDetail() {
    return this != IMAGE_REJECTED;
  }

  /** Whether the sentence names a column of the prediction contract. */
  public boolean namesColumn() {
    return sentence.contains("%s");
  }

  /**
   * The sentence a team sees where details are withheld.
   *
   * @param column a column of the prediction contract (public), used only by kinds that name one;
   *               null gives a sentence without it
   */
  public String sentence(String column) {
    if (!namesColumn()) {
      return sentence;
    }
    return column == null ? sentenceWithoutColumn : String.format(Locale.ROOT, sentence, column);
  }

  /** The generic problem of an outcome kind, or null for {@code SUCCEEDED} and unknown kinds. */
  public static ProblemKind ofOutcome(String outcomeKind) {
    for (ProblemKind p : values()) {
      if (p.outcome.equals(outcomeKind)) {
        return p; // the first of each outcome is its generic one
      }
    }
    return null;
  }
}
