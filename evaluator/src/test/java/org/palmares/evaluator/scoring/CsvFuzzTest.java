package org.palmares.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Coverage-guided fuzzing of the two CSV readers that take outside input: a submission's
 * predictions (a competitor's container wrote them) and an organizer's hidden labels. The only
 * outcomes allowed are a result that keeps the reader's promises or the reader's documented
 * refusal ({@link InvalidPredictionsException}; {@link IllegalStateException} for labels),
 * within the small caps given here. Findings are kept as regression inputs under
 * {@code src/test/resources/org/palmares/evaluator/scoring/CsvFuzzTestInputs/}, run by every build;
 * {@code JAZZER_FUZZ=1} fuzzes (see scripts/fuzz.sh).
 */
class CsvFuzzTest {
  private static final Set<String> TEST_IDS = Set.of("a", "b", "c");
  private static final Path DIR = temporaryFolder();

  @FuzzTest(maxDuration = "30s")
  void predictionsAreReadOrRefusedWithAMessage(FuzzedDataProvider data) throws IOException {
    PredictionsFile.ValueKind kind = data.pickValue(PredictionsFile.ValueKind.values());
    boolean multiclass = data.consumeBoolean();
    Path file = Files.write(DIR.resolve("predictions.csv"), data.consumeRemainingAsBytes());
    List<String> columns = multiclass ? List.of("x", "y") : List.of("p");
    try {
      Map<String, double[]> rows = PredictionsFile.read(file, "id", columns, kind, multiclass, TEST_IDS,
          64 * 1024, 100);
      assertThat(rows.keySet()).isEqualTo(TEST_IDS);
      rows.values().forEach(values -> {
        assertThat(values).hasSize(columns.size());
        for (double v : values) {
          assertThat(Double.isFinite(v)).as("finite value").isTrue();
        }
      });
    } catch (InvalidPredictionsException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void labelsAreReadOrRefusedNamingTheFile(byte[] content) throws IOException {
    Path file = Files.write(DIR.resolve("labels.csv"), content);
    try {
      TreeMap<String, LabelsFile.Row> rows = LabelsFile.read(file, "id", List.of("label"));
      rows.values().forEach(row -> assertThat(row.values()).hasSize(1));
    } catch (IllegalStateException refused) {
      assertThat(refused.getMessage()).contains("labels.csv");
    }
  }

  private static Path temporaryFolder() {
    try {
      Path dir = Files.createTempDirectory("csv-fuzz");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
