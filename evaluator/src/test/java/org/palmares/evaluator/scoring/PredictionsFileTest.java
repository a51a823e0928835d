package org.palmares.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.ProblemKind;

class PredictionsFileTest {

  private static final Set<String> TEST_IDS = Set.of("case-0001", "case-0002", "case-0003");

  @TempDir
  Path folder;

  @Test
  void aValidFileGivesOneProbabilityPerTestId() throws Exception {
    Map<String, Double> probabilities = read("""
        id,malignant,comment
        case-0002,0.25,x
        "case-0001", 1 ,y

        case-0003,1e-3,z
        """);

    assertThat(probabilities).containsOnly(Map.entry("case-0001", 1.0),
        Map.entry("case-0002", 0.25), Map.entry("case-0003", 0.001));
  }

  @Test
  void aByteOrderMarkAndWindowsLineEndingsAreAccepted() throws Exception {
    assertThat(read("\uFEFFid,malignant\r\ncase-0001,0\r\ncase-0002,0.5\r\ncase-0003,1\r\n"))
        .hasSize(3);
  }

  @Test
  void anIdOutsideTheTestSetIsRejectedWithItsRow() {
    assertInvalid("""
        id,malignant
        case-0001,0.1
        case-9999,0.2
        """, "row 3: id 'case-9999' is not in the test set");
  }

  @Test
  void aDuplicateIdIsRejectedWithBothRows() {
    assertInvalid("""
        id,malignant
        case-0003,0.1
        case-0001,0.2
        case-0003,0.3
        """, "row 4: id 'case-0003' appears twice (first at row 2)");
  }

  @Test
  void aScoreThatIsNotANumberIsRejected() {
    assertInvalid("""
        id,malignant
        case-0001,abc
        """, "row 2: 'abc' in column 'malignant' is not a number");
  }

  @Test
  void javaOnlyNumberSyntaxIsNotANumber() {
    assertInvalid("""
        id,malignant
        case-0001,0.5d
        """, "row 2: '0.5d' in column 'malignant' is not a number");
  }

  @Test
  void aProbabilityAboveOneIsRejected() {
    assertInvalid("""
        id,malignant
        case-0001,0.5
        case-0002,1.7
        """, "row 3: probability 1.7 is outside [0, 1]");
  }

  @Test
  void aNegativeProbabilityIsRejected() {
    assertInvalid("""
        id,malignant
        case-0001,-0.01
        """, "row 2: probability -0.01 is outside [0, 1]");
  }

  @Test
  void aNotANumberProbabilityIsRejectedAsNotFinite() {
    assertInvalid("""
        id,malignant
        case-0001,NaN
        """, "row 2: probability NaN is not finite");
  }

  @Test
  void anOverflowingProbabilityIsRejectedAsNotFinite() {
    assertInvalid("""
        id,malignant
        case-0001,1e999
        """, "row 2: probability 1e999 is not finite");
  }

  @Test
  void anEmptyScoreIsRejected() {
    assertInvalid("""
        id,malignant
        case-0001,
        """, "row 2: column 'malignant' is empty");
  }

  @Test
  void anEmptyIdIsRejected() {
    assertInvalid("""
        id,malignant
        ,0.5
        """, "row 2: column 'id' is empty");
  }

  @Test
  void aHeaderWithoutTheContractColumnsIsRejectedListingWhatWasFound() {
    assertInvalid("""
        a,b
        case-0001,0.5
        """, "the header must contain the columns 'id' and 'malignant'; found: a, b");
  }

  @Test
  void aHeaderRepeatingAContractColumnIsRejected() {
    assertInvalid("""
        id,malignant,malignant
        case-0001,0.5,0.6
        """, "the header has the column 'malignant' more than once; keep one");
  }

  @Test
  void anEmptyFileIsRejected() {
    assertInvalid("", "the predictions file is empty; its first row must be a header with the"
        + " columns 'id' and 'malignant'");
  }

  @Test
  void aHeaderWithoutRowsIsRejected() {
    assertInvalid("id,malignant\n", "the predictions file has a header but no rows; it needs one"
        + " row per test id (3 ids)");
  }

  @Test
  void aRowWithTheWrongNumberOfFieldsIsRejected() {
    assertInvalid("""
        id,malignant
        case-0001,0.5
        case-0002,0.5,extra
        """, "row 3: expected 2 fields as in the header, found 3");
  }

  @Test
  void missingPredictionsAreCountedWithTheFirstFewIds() throws IOException {
    Set<String> manyIds = new TreeSet<>();
    for (int i = 1; i <= 20; i++) {
      manyIds.add("case-%04d".formatted(i));
    }
    StringBuilder csv = new StringBuilder("id,malignant\n");
    for (String id : manyIds) {
      if (!Set.of("case-0005", "case-0017", "case-0020").contains(id)) {
        csv.append(id).append(",0.5\n");
      }
    }
    assertThatThrownBy(() -> PredictionsFile.read(write(csv.toString()), "id", "malignant",
        manyIds))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessage("3 test ids have no prediction, e.g. 'case-0005', 'case-0017', 'case-0020'");
  }

  @Test
  void aSingleMissingPredictionIsNamed() {
    assertInvalid("""
        id,malignant
        case-0001,0.5
        case-0003,0.5
        """, "1 test id has no prediction: 'case-0002'");
  }

  @Test
  void anUnclosedQuoteIsReportedAsInvalidCsv() {
    assertThatThrownBy(() -> read("id,malignant\ncase-0001,\"0.5\ncase-0002,0.1\n"))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessageStartingWith("the predictions file is not valid CSV: ");
  }

  @Test
  void aFileThatIsNotUtf8IsRejected() throws IOException {
    Path file = folder.resolve("predictions.csv");
    Files.write(file, new byte[] {'i', 'd', ',', 'm', (byte) 0xff, '\n'});
    assertThatThrownBy(() -> PredictionsFile.read(file, "id", "malignant", TEST_IDS))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessage("the predictions file is not valid UTF-8 text");
  }

  @Test
  void aFileOverTheSizeCapIsRejectedBeforeParsing() throws IOException {
    Path file = write("id,malignant\ncase-0001,0.5\ncase-0002,0.5\ncase-0003,0.5\n");
    assertThatThrownBy(() -> PredictionsFile.read(file, "id", "malignant", TEST_IDS, 20, 100))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessage("the predictions file is 55 bytes; the limit is 20 bytes");
  }

  @Test
  void rowsOverTheRowCapAreRejected() throws IOException {
    Path file = write("id,malignant\ncase-0001,0.5\ncase-0002,0.5\ncase-0003,0.5\n");
    assertThatThrownBy(() -> PredictionsFile.read(file, "id", "malignant", TEST_IDS, 1000, 2))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessage("the predictions file has more than 2 rows; write one row per test id");
  }

  @Test
  void theDefaultCapsAreFiftyMegabytesAndAMillionRows() {
    assertThat(PredictionsFile.MAX_BYTES).isEqualTo(50L * 1024 * 1024);
    assertThat(PredictionsFile.MAX_ROWS).isEqualTo(1_000_000);
  }

  @Test
  void aMissingFileIsReportedAsNotWritten() {
    assertThatThrownBy(() -> PredictionsFile.read(folder.resolve("predictions.csv"), "id",
        "malignant", TEST_IDS))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessage("no predictions file: the submission must write 'predictions.csv' in its"
            + " output folder");
  }

  @Test
  void aSymbolicLinkIsNotFollowed() throws IOException {
    Path target = write("id,malignant\ncase-0001,0.5\n");
    Path link = Files.createSymbolicLink(folder.resolve("link.csv"), target);
    assertThatThrownBy(() -> PredictionsFile.read(link, "id", "malignant", TEST_IDS))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessage("the predictions file 'link.csv' is a symbolic link; write a regular file");
  }

  @Test
  void quotedValuesAreShortenedAndStrippedOfControlCharacters() {
    String longId = "x".repeat(100);
    assertInvalid("id,malignant\n\"" + longId + "\",0.5\n",
        "row 2: id '" + "x".repeat(40) + "…' is not in the test set");
    assertInvalid("id,malignant\n\"evil\u001b[2J\u202e\",0.5\n",
        "row 2: id 'evil?[2J?' is not in the test set");
  }

  @Test
  void aRowSpanningLinesIsNumberedByTheLineWhereItEnds() {
    assertInvalid("id,malignant\ncase-0001,0.5\n\"case\n-0002\",0.5\n",
        "row 4: id 'case?-0002' is not in the test set");
  }

  /** Each problem, its value-free kind and the contract column it names (what a withheld phase shows). */
  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> problems() {
    return java.util.stream.Stream.of(
        problem("id,malignant\ncase-0001,\"19.69,21.25,130,1203\"\n", ProblemKind.NOT_A_NUMBER, "malignant"),
        problem("id,malignant\ncase-0001,nan\n", ProblemKind.NOT_FINITE, "malignant"),
        problem("id,malignant\ncase-0001,1.5\n", ProblemKind.OUT_OF_RANGE, "malignant"),
        problem("id,malignant\ncase-0001,\n", ProblemKind.EMPTY_VALUE, "malignant"),
        problem("id,malignant\n,0.5\n", ProblemKind.EMPTY_VALUE, "id"),
        problem("id,score\ncase-0001,0.5\n", ProblemKind.MISSING_COLUMN, "malignant"),
        problem("id,malignant,id\ncase-0001,0.5,x\n", ProblemKind.DUPLICATE_COLUMN, "id"),
        problem("id,malignant\n19.69,0.5\n", ProblemKind.UNKNOWN_ID, null),
        problem("id,malignant\ncase-0001,0.5\ncase-0001,0.5\n", ProblemKind.DUPLICATE_ID, null),
        problem("id,malignant\ncase-0001,0.5,19.69\n", ProblemKind.FIELD_COUNT, null),
        problem("", ProblemKind.EMPTY_FILE, null),
        problem("id,malignant\n", ProblemKind.NO_ROWS, null),
        problem("id,malignant\ncase-0001,0.5\n", ProblemKind.MISSING_IDS, null),
        problem("id,malignant\ncase-0001,\"0.5\n", ProblemKind.NOT_CSV, null));
  }

  private static org.junit.jupiter.params.provider.Arguments problem(String csv, ProblemKind kind, String column) {
    return org.junit.jupiter.params.provider.Arguments.of(csv, kind, column);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("problems")
  void eachProblemCarriesAValueFreeKindAndTheContractColumnItConcerns(String csv, ProblemKind kind, String column) {
    assertThatThrownBy(() -> read(csv))
        .isInstanceOfSatisfying(InvalidPredictionsException.class, e -> {
          assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
          assertThat(e.column()).isEqualTo(column);
          assertThat(kind.sentence(column)).doesNotContainPattern("\\d").doesNotContain("case-");
        });
  }

  @Test
  void aFileThatIsNotUtf8OrTooLargeOrMissingHasItsKindToo() throws IOException {
    Path latin1 = folder.resolve("latin1.csv");
    Files.write(latin1, "id,malignant\ncase-0001,0.5\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> PredictionsFile.read(latin1, "id", "malignant", TEST_IDS))
        .isInstanceOfSatisfying(InvalidPredictionsException.class,
            e -> assertThat(e.kind()).isEqualTo(ProblemKind.NOT_UTF8));
    Path big = write("id,malignant\ncase-0001,0.5\n");
    assertThatThrownBy(() -> PredictionsFile.read(big, "id", "malignant", TEST_IDS, 5, 10))
        .isInstanceOfSatisfying(InvalidPredictionsException.class,
            e -> assertThat(e.kind()).isEqualTo(ProblemKind.FILE_TOO_LARGE));
    assertThatThrownBy(() -> PredictionsFile.read(folder.resolve("absent.csv"), "id", "malignant", TEST_IDS))
        .isInstanceOfSatisfying(InvalidPredictionsException.class,
            e -> assertThat(e.kind()).isEqualTo(ProblemKind.NO_PREDICTIONS_FILE));
  }

  private Map<String, Double> read(String csv) throws IOException, InvalidPredictionsException {
    return PredictionsFile.read(write(csv), "id", "malignant", TEST_IDS);
  }

  private void assertInvalid(String csv, String message) {
    assertThatThrownBy(() -> read(csv))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessage(message);
  }

  private Path write(String csv) throws IOException {
    Path file = folder.resolve("predictions.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return file;
  }
}
