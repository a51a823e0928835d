package org.palmares.platform.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.testing.Bundles;

/** One test per kind of bundle error: each names the file, the line and the field. */
class BundleReaderTest {
  @TempDir Path root;

  private List<String> problems(String slug, UnaryOperator<String> edit, boolean checkData) throws Exception {
    Path dir = Bundles.demoCopy(root, slug, edit);
    InvalidChallengeException e = catchThrowableOfType(InvalidChallengeException.class,
        () -> BundleReader.read(dir, checkData));
    assertThat(e).as("the bundle should be refused").isNotNull();
    return e.problems().stream().map(BundleProblem::toString).toList();
  }

  @Test
  void theDemoBundleIsValidIncludingItsHiddenData() throws Exception {
    Path dir = Bundles.demoCopy(root, "demo", y -> y);
    assertThat(BundleReader.read(dir, true).phases()).extracting(Phase::name).containsExactly("sanity", "final");
  }

  @Test
  void aYamlSyntaxErrorNamesItsLine() throws Exception {
    assertThat(problems("syntax", y -> y.replace("task: binary-classification", "task: [binary"), false))
        .singleElement().asString().startsWith("challenge.yaml:").contains("not valid YAML");
  }

  @Test
  void anUnknownFieldIsNamedWithItsLine() throws Exception {
    Path dir = Bundles.demoCopy(root, "unknown-field", y -> y.replace("licence: CC BY 4.0", "licence: CC BY 4.0\nlicense: typo"));
    int line = Bundles.lineOf(dir, "license: typo");
    List<String> problems = catchThrowableOfType(InvalidChallengeException.class, () -> BundleReader.read(dir, false))
        .problems().stream().map(BundleProblem::toString).toList();
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("challenge.yaml:").contains("license"));
    assertThat(problems.toString()).contains(":" + line + ":").doesNotContain("challenge.yaml:1: license");
  }

  @Test
  void aValueOfTheWrongTypeNamesTheFieldPath() throws Exception {
    Path dir = Bundles.demoCopy(root, "wrong-type", y -> y.replace("  memoryMiB: 1024", "  memoryMiB: lots"));
    int line = Bundles.lineOf(dir, "memoryMiB: lots");
    assertThat(catchThrowableOfType(InvalidChallengeException.class, () -> BundleReader.read(dir, false)).problems())
        .anySatisfy(p -> {
          assertThat(p.line()).isEqualTo(line);
          assertThat(p.message()).startsWith("limits.memoryMiB");
        });
  }

  @Test
  void aTeamSizeBelowOneIsRefusedAndAbsentMeansFive() throws Exception {
    Path dir = Bundles.demoCopy(root, "no-team", y -> y.replace("maxTeamSize: 5", "maxTeamSize: 0"));
    assertThat(catchThrowableOfType(InvalidChallengeException.class, () -> BundleReader.read(dir, false)).problems())
        .anySatisfy(p -> assertThat(p.message()).startsWith("maxTeamSize"));
    Path defaulted = Bundles.demoCopy(root, "default-team", y -> y.replace("maxTeamSize: 5\n", ""));
    assertThat(BundleReader.read(defaulted, false).maxTeamSize()).isEqualTo(5);
  }

  @Test
  void aMissingRequiredFieldIsNamed() throws Exception {
    assertThat(problems("no-metrics", y -> y.replaceAll("(?m)^metrics:.*$", ""), false).toString())
        .contains("metrics");
  }

  @Test
  void aSlugThatIsNotTheFolderNameIsRefused() throws Exception {
    assertThat(problems("folder", y -> y.replace("slug: folder", "slug: other"), false))
        .singleElement().asString().isEqualTo("challenge.yaml:1: slug: 'other' must equal the bundle folder's name 'folder'");
  }

  @Test
  void aPhaseThatClosesBeforeItOpensIsRefusedWithItsLine() throws Exception {
    Path dir = Bundles.demoCopy(root, "dates", y -> {
      int last = y.lastIndexOf("closes: 2027-12-31T23:59:59Z"); // the final phase's
      return y.substring(0, last) + "closes: 2025-12-31T23:59:59Z" + y.substring(last + 28);
    });
    int line = Bundles.lineOf(dir, "closes: 2025-12-31");
    assertThat(catchThrowableOfType(InvalidChallengeException.class, () -> BundleReader.read(dir, false)).problems())
        .extracting(BundleProblem::toString)
        .contains("challenge.yaml:" + line + ": phases[1].closes is before phases[1].opens");
  }

  @Test
  void revealingPrivateScoresBeforeThePhaseClosesIsRefused() throws Exception {
    assertThat(problems("reveal", y -> y.replace("revealPrivateAt: 2028-01-01T00:00:00Z", "revealPrivateAt: 2027-06-01T00:00:00Z"), false))
        .singleElement().asString().contains("phases[1].revealPrivateAt is before phases[1].closes");
  }

  @Test
  void anUnknownMetricIsNamedWithTheKnownOnes() throws Exception {
    assertThat(problems("metric", y -> y.replace("metrics: [roc_auc,", "metrics: [roc_acu,"), false))
        .singleElement().asString().contains("metrics[0]").contains("roc_acu").contains("roc_auc");
  }

  @Test
  void aMatrixIsTheMetricsMatrixNotANumberParameterAndOnlyCostScoreTakesOne() throws Exception {
    // The matrix reaches the metric's check (a number parameter would fail the schema instead).
    assertThat(problems("matrix", y -> y.replace("metrics: [roc_auc,",
        "metrics: [{name: roc_auc, matrix: [[0, 1], [1, 0]]},"), false))
        .singleElement().asString().contains("metrics[0]").contains("takes no matrix");
  }

  @Test
  void aMetricListedTwiceIsRefused() throws Exception {
    assertThat(problems("twice", y -> y.replace("metrics: [roc_auc,", "metrics: [roc_auc, roc_auc,"), false))
        .singleElement().asString().contains("metrics[1]").contains("listed twice");
  }

  @Test
  void aMissingPublicFileIsNamed() throws Exception {
    assertThat(problems("public-file", y -> y.replace("public: [public/train.csv,", "public: [public/tran.csv,"), false))
        .singleElement().asString().contains("data.public[0]").contains("public/tran.csv").contains("does not exist");
  }

  @Test
  void aMissingPhaseDataFileIsNamed() throws Exception {
    assertThat(problems("phase-file", y -> y.replace("hidden/sanity-labels.csv", "hidden/sanity-lables.csv"), false))
        .singleElement().asString().contains("phases[0].data.labels").contains("sanity-lables.csv");
  }

  @Test
  void aPathLeavingTheBundleIsRefusedByTheSchema() throws Exception {
    assertThat(problems("escape", y -> y.replace("public: [public/train.csv,", "public: [../../etc/passwd,"), false).toString())
        .contains("data.public[0]");
  }

  @Test
  void aFieldTheTaskNeedsIsRequired() throws Exception {
    assertThat(problems("task-field", y -> y.replace("    positiveLabel: M\n", ""), false))
        .singleElement().asString().contains("data.hidden").contains("positiveLabel is required for a binary-classification task");
  }

  @Test
  void twoPhasesWithOneNameAreRefused() throws Exception {
    assertThat(problems("phase-names", y -> y.replace("- name: sanity", "- name: final"), false).toString())
        .contains("phases[1].name").contains("used twice");
  }

  @Test
  void duplicateIdsInTheHiddenLabelsAreReportedWithTheirLine() throws Exception {
    Path dir = Bundles.demoCopy(root, "dup-ids", y -> y);
    Path labels = dir.resolve("hidden/test-labels.csv");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(labels));
    lines.add(lines.get(1)); // line 2's id again, at the end
    Files.write(labels, lines);

    assertThat(catchThrowableOfType(InvalidChallengeException.class, () -> BundleReader.read(dir, true)).problems())
        .extracting(BundleProblem::toString)
        .contains("hidden/test-labels.csv:" + lines.size() + ": duplicate id '" + lines.get(1).split(",")[0]
            + "' (first at line 2)");
  }

  @Test
  void inputsWithoutLabelsAreReported() throws Exception {
    Path dir = Bundles.demoCopy(root, "missing-labels", y -> y);
    Path labels = dir.resolve("hidden/test-labels.csv");
    List<String> lines = Files.readAllLines(labels);
    Files.write(labels, lines.subList(0, lines.size() - 1));

    assertThat(catchThrowableOfType(InvalidChallengeException.class, () -> BundleReader.read(dir, true)).problems())
        .singleElement().asString().startsWith("hidden/test-inputs.csv:")
        .contains("1 input id(s) have no label in hidden/test-labels.csv");
  }

  @Test
  void aLabelsFileWithoutTheLabelColumnIsReported() throws Exception {
    Path dir = Bundles.demoCopy(root, "no-column", y -> y.replace("labelColumn: diagnosis", "labelColumn: diagnostic"));

    assertThat(catchThrowableOfType(InvalidChallengeException.class, () -> BundleReader.read(dir, true)).problems())
        .extracting(BundleProblem::toString)
        .anySatisfy(p -> assertThat(p).startsWith("hidden/sanity-labels.csv:1: has no column 'diagnostic'"));
  }

  @Test
  void anExplicitPublicListNamingAnUnknownIdIsReported() throws Exception {
    Path dir = Bundles.demoCopy(root, "public-ids",
        y -> y.replace("split: {publicFraction: 0.5, seed: 7}", "split: {publicIds: hidden/public-ids.txt}"));
    Files.writeString(dir.resolve("hidden/public-ids.txt"), "case-0003\nnot-a-case\n");

    assertThat(catchThrowableOfType(InvalidChallengeException.class, () -> BundleReader.read(dir, true)).problems())
        .extracting(BundleProblem::toString)
        .containsExactly("hidden/public-ids.txt:2: id 'not-a-case' is not in hidden/test-labels.csv");
  }

  @Test
  void aPhaseDeclaresTheGranularityOfTheRunTimeTeamsSeeAndAbsentLeavesItToThePolicy() throws Exception {
    Path dir = Bundles.demoCopy(root, "feedback", y -> y.replace("    logs: none\n",
        "    logs: none\n    feedback: {runTimeSeconds: 30}\n"));
    Challenge c = BundleReader.read(dir, false);
    assertThat(c.phase("final").orElseThrow().feedback()).isEqualTo(new Phase.Feedback(30));
    assertThat(c.phase("sanity").orElseThrow().feedback()).isNull();
  }

  @Test
  void aNegativeRunTimeGranularityOrOneLongerThanTheWallClockLimitIsRefusedWithItsField() throws Exception {
    assertThat(problems("feedback-negative", y -> y.replace("    logs: none\n",
        "    logs: none\n    feedback: {runTimeSeconds: -1}\n"), false))
        .anySatisfy(p -> assertThat(p).contains("phases[1].feedback.runTimeSeconds"));
    assertThat(problems("feedback-long", y -> y.replace("    logs: none\n",
        "    logs: none\n    feedback: {runTimeSeconds: 600}\n"), false))
        .singleElement().asString().contains("phases[1].feedback.runTimeSeconds (600) is longer than the phase's"
            + " wall-clock limit (300 s)");
  }
}
