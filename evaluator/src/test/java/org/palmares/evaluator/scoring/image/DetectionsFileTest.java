package org.palmares.evaluator.scoring.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.ProblemKind;
import org.palmares.evaluator.scoring.InvalidPredictionsException;

/** The per-case detections JSON: what it accepts, and one sentence per way it can be wrong. */
class DetectionsFileTest {

  private static final int[] IMAGE = {100, 50, 1};

  @TempDir
  Path dir;

  private Path file(String json) throws IOException {
    Path f = dir.resolve("case.json");
    Files.writeString(f, json);
    return f;
  }

  @Test
  void pointsAndBoxesWithProbabilitiesAreRead() throws Exception {
    List<Detection> d = DetectionsFile.detections(file("""
        {"detections": [{"point": [10.5, 20], "probability": 0.9},
                        {"box": [0, 0, 99.5, 49.5], "probability": 0}]}"""), "3", IMAGE);
    assertThat(d).containsExactly(new Detection(Location.point(10.5, 20), 0.9),
        new Detection(Location.box(0, 0, 99.5, 49.5), 0));
    assertThat(DetectionsFile.detections(file("{\"detections\": []}"), "3", IMAGE)).isEmpty();
  }

  @Test
  void eachProblemIsOneSentenceNamingTheCaseAndTheDetection() throws IOException {
    assertProblem("{\"detections\": [{\"point\": [1, 1], \"probability\": 1},"
        + " {\"point\": [1, 1]}]}", ProblemKind.EMPTY_VALUE, "case 3: detection 2 has no probability");
    assertProblem("{\"detections\": [{\"point\": [1, 1], \"probability\": \"high\"}]}",
        ProblemKind.NOT_A_NUMBER, "case 3: detection 1 has a probability that is not a number");
    assertProblem("{\"detections\": [{\"point\": [1, 1], \"probability\": 1.5}]}",
        ProblemKind.OUT_OF_RANGE, "case 3: detection 1 has probability 1.5, outside [0, 1]");
    assertProblem("{\"detections\": [{\"point\": [1, 1, 1], \"probability\": 1}]}",
        ProblemKind.INVALID_OUTPUT,
        "case 3: detection 1: \"point\" must be an array of 2 numbers (the image is 2-D)");
    assertProblem("{\"detections\": [{\"point\": [100, 1], \"probability\": 1}]}",
        ProblemKind.OUT_OF_RANGE,
        "case 3: detection 1 lies outside the image (x = 100.0, the image is 100×50)");
    assertProblem("{\"detections\": [{\"box\": [5, 5, 4, 6], \"probability\": 1}]}",
        ProblemKind.INVALID_OUTPUT,
        "case 3: detection 1 has its low corner above its high corner along x");
    assertProblem("{\"detections\": [{\"point\": [1, 1], \"box\": [1, 1, 2, 2],"
        + " \"probability\": 1}]}", ProblemKind.INVALID_OUTPUT,
        "case 3: detection 1 must have either \"point\" or \"box\"");
    assertProblem("{\"detections\": [{\"point\": [1, 1], \"probability\": 1, \"label\": 2}]}",
        ProblemKind.INVALID_OUTPUT,
        "case 3: detection 1 has an unknown key \"label\"; allowed: box, point, probability");
    assertProblem("{\"points\": []}", ProblemKind.INVALID_OUTPUT,
        "case 3: the file has an unknown key \"points\"; allowed: detections");
    assertProblem("{\"detections\": [}", ProblemKind.INVALID_OUTPUT,
        "case 3: the detections file is not valid JSON (line 1, column 17)");
    assertProblem("{\"detections\": [], \"detections\": []}", ProblemKind.INVALID_OUTPUT,
        "case 3: the detections file has a key twice (line 1, column 32)");
    assertProblem("{\"detections\": [\u00ff]}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
        ProblemKind.NOT_UTF8, "case 3: the detections file is not valid UTF-8 text");
    assertProblem("[]", ProblemKind.INVALID_OUTPUT,
        "case 3: the detections file must be a JSON object {\"detections\": [...]}");
    assertProblem("{\"detections\": [{\"point\": [NaN, 1], \"probability\": 1}]}",
        ProblemKind.INVALID_OUTPUT, "case 3: the detections file is not valid JSON (line 1,"
            + " column 31)");
  }

  @Test
  void tooManyDetectionsOrTooLargeAFileAreRefusedBeforeMatching() throws IOException {
    StringBuilder many = new StringBuilder("{\"detections\": [");
    for (int i = 0; i <= DetectionsFile.MAX_DETECTIONS; i++) {
      many.append(i == 0 ? "" : ",").append("{\"point\": [1, 1], \"probability\": 1}");
    }
    assertProblem(many.append("]}").toString(), ProblemKind.TOO_MANY_ROWS,
        "case 3: the file has 10001 detections; at most 10000 are allowed");
    assertProblem(" ".repeat((int) DetectionsFile.MAX_BYTES + 1), ProblemKind.FILE_TOO_LARGE,
        "case 3: the detections file is larger than 4 MiB");
  }

  @Test
  void theOrganizersLesionsHaveNoProbabilityAndTheirErrorsAreTheBundles() throws IOException {
    assertThat(DetectionsFile.lesions(file("{\"lesions\": [{\"box\": [1, 1, 3, 3]}]}"), "7",
        IMAGE)).containsExactly(Location.box(1, 1, 3, 3));
    assertThatThrownBy(() -> DetectionsFile.lesions(file("{\"lesions\": [{\"box\": [1, 1, 3, 3],"
        + " \"probability\": 1}]}"), "7", IMAGE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the hidden lesions file case.json: case 7: lesion 1 has an unknown key"
            + " \"probability\"; allowed: box, point");
  }

  private void assertProblem(String json, ProblemKind kind, String message) throws IOException {
    assertProblem(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), kind, message);
  }

  private void assertProblem(byte[] content, ProblemKind kind, String message) throws IOException {
    Path f = Files.write(dir.resolve("case.json"), content);
    assertThatThrownBy(() -> DetectionsFile.detections(f, "3", IMAGE))
        .isInstanceOfSatisfying(InvalidPredictionsException.class,
            e -> assertThat(e.kind()).isEqualTo(kind))
        .hasMessage(message);
  }
}
