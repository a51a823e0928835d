package org.palmares.evaluator.scoring;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.palmares.evaluator.protocol.ProblemKind;

/**
 * Reads and validates the predictions file a submission wrote.
 *
 * <p>The file comes from a container we do not trust, so reading is capped (size and rows),
 * links are not followed, and every value quoted back in a message is shortened and stripped of
 * control characters. Validation stops at the first problem, whose message names the row and
 * says what to fix. Rows are numbered as lines of the file, the header being row 1 (a quoted
 * field spanning lines counts at the line where its row ends). Messages quote only the
 * competitor's own file and the list of test ids, which competitors already have as inputs;
 * they never depend on a label.
 */
final class PredictionsFile {

  /** Files larger than this are rejected before parsing: a million rows fit in well under it. */
  static final long MAX_BYTES = 50L * 1024 * 1024;

  /** Data rows beyond this are rejected, whatever the size of the test set. */
  static final int MAX_ROWS = 1_000_000;

  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern NON_FINITE =
      Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
  private static final int QUOTED_LENGTH = 40;
  private static final int LISTED_COLUMNS = 10;
  private static final int LISTED_MISSING_IDS = 3;

  private PredictionsFile() {}

  /** What a predictions column holds, and the range its values must be in. */
  enum ValueKind {
    /** A probability, in [0, 1] (classification). */
    PROBABILITY("probability", 0, 1),
    /**
     * A predicted value (regression), bounded so that squared errors stay finite: a larger
     * magnitude is a bug in the submission, not a prediction.
     */
    VALUE("value", -1e15, 1e15),
    /** A risk score (survival): any finite number, only its order matters. */
    RISK("risk", -Double.MAX_VALUE, Double.MAX_VALUE);

    private final String word;
    private final double min;
    private final double max;

    ValueKind(String word, double min, double max) {
      this.word = word;
      this.min = min;
      this.max = max;
    }

    private String range() {
      return this == PROBABILITY ? "[0, 1]" : "[" + min + ", " + max + "]";
    }
  }

  /** Rows of class probabilities must sum to 1 within this. */
  static final double SUM_TOLERANCE = 1e-6;

  /**
   * The predicted probability of each test id.
   *
   * @return one probability per test id, finite, in [0, 1]
   * @throws InvalidPredictionsException if the file is missing, too large, not CSV, or does not
   *     hold exactly one valid probability per test id
   * @throws IOException                 if the file cannot be read for reasons of our own
   */
  static Map<String, Double> read(Path file, String idColumn, String scoreColumn,
      Set<String> testIds) throws InvalidPredictionsException, IOException {
    return read(file, idColumn, scoreColumn, testIds, MAX_BYTES, MAX_ROWS);
  }

  /** As {@link #read(Path, String, String, Set)}, with explicit caps (tests use small ones). */
  static Map<String, Double> read(Path file, String idColumn, String scoreColumn,
      Set<String> testIds, long maxBytes, int maxRows)
      throws InvalidPredictionsException, IOException {
    Map<String, double[]> rows = read(file, idColumn, List.of(scoreColumn),
        ValueKind.PROBABILITY, false, testIds, maxBytes, maxRows);
    Map<String, Double> probabilities = new HashMap<>();
    rows.forEach((id, values) -> probabilities.put(id, values[0]));
    return probabilities;
  }

  /**
   * The predicted values of each test id: one per value column, in the order of {@code
   * valueColumns}.
   *
   * @param valueColumns the columns to read besides the id, each holding a value of {@code kind}
   * @param sumsToOne    whether each row's values must sum to 1 within {@value #SUM_TOLERANCE}
   *                     (multiclass probabilities)
   * @throws InvalidPredictionsException if the file is missing, too large, not CSV, or does not
   *     hold exactly one valid row per test id
   * @throws IOException                 if the file cannot be read for reasons of our own
   */
  static Map<String, double[]> read(Path file, String idColumn, List<String> valueColumns,
      ValueKind kind, boolean sumsToOne, Set<String> testIds)
      throws InvalidPredictionsException, IOException {
    return read(file, idColumn, valueColumns, kind, sumsToOne, testIds, MAX_BYTES, MAX_ROWS);
  }

  static Map<String, double[]> read(Path file, String idColumn, List<String> valueColumns,
      ValueKind kind, boolean sumsToOne, Set<String> testIds, long maxBytes, int maxRows)
      throws InvalidPredictionsException, IOException {
    checkFile(file, maxBytes);
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    // The size was checked above, but the container may still be writing: cap the stream too.
    try (InputStream in = new CappedInputStream(
            Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), maxBytes);
        Reader reader = new BufferedReader(new InputStreamReader(in, utf8));
        CSVParser parser = CSVParser.parse(reader, FORMAT)) {
      return parse(parser, idColumn, valueColumns, kind, sumsToOne, testIds, maxRows);
    } catch (UncheckedIOException e) {
      // CSVParser's iterator wraps the reader's IOExceptions.
      throw translate(e.getCause(), maxBytes);
    } catch (CSVException | CharacterCodingException | CappedInputStream.LimitExceeded e) {
      throw translate(e, maxBytes);
    }
  }

  private static void checkFile(Path file, long maxBytes) throws InvalidPredictionsException,
      IOException {
    String name = quote(String.valueOf(file.getFileName()));
    if (Files.isSymbolicLink(file)) {
      throw new InvalidPredictionsException(ProblemKind.NOT_A_REGULAR_FILE, "the predictions file " + name
          + " is a symbolic link; write a regular file");
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidPredictionsException(ProblemKind.NO_PREDICTIONS_FILE,
          "no predictions file: the submission must write " + name + " in its output folder");
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidPredictionsException(ProblemKind.NOT_A_REGULAR_FILE, "the predictions file " + name
          + " is not a regular file");
    }
    long size = Files.size(file);
    if (size > maxBytes) {
      throw new InvalidPredictionsException(ProblemKind.FILE_TOO_LARGE, "the predictions file is " + size
          + " bytes; the limit is " + maxBytes + " bytes");
    }
  }

  private static Map<String, double[]> parse(CSVParser parser, String idColumn,
      List<String> valueColumns, ValueKind kind, boolean sumsToOne, Set<String> testIds,
      int maxRows) throws InvalidPredictionsException {
    List<String> wanted = new ArrayList<>();
    wanted.add(idColumn);
    wanted.addAll(valueColumns);
    String columns = listed(wanted);
    Iterator<CSVRecord> records = parser.iterator();
    if (!records.hasNext()) {
      throw new InvalidPredictionsException(ProblemKind.EMPTY_FILE, "the predictions file is empty; its first row must"
          + " be a header with the columns " + columns);
    }
    List<String> header = new ArrayList<>();
    for (String name : records.next()) {
      header.add(header.isEmpty() ? stripBom(name).trim() : name.trim());
    }
    int idIndex = columnIndex(header, idColumn);
    int[] valueIndex = new int[valueColumns.size()];
    boolean missing = idIndex < 0;
    for (int c = 0; c < valueIndex.length; c++) {
      valueIndex[c] = columnIndex(header, valueColumns.get(c));
      missing |= valueIndex[c] < 0;
    }
    if (missing) {
      String first = wanted.stream().filter(w -> !header.contains(w)).findFirst().orElse(null);
      throw new InvalidPredictionsException(ProblemKind.MISSING_COLUMN, first,
          "the header must contain the columns " + columns
          + "; found: " + describeHeader(header));
    }

    Map<String, double[]> values = new HashMap<>();
    Map<String, Long> firstRow = new HashMap<>();
    int dataRows = 0;
    while (records.hasNext()) {
      CSVRecord record = records.next();
      long row = parser.getCurrentLineNumber();
      if (++dataRows > maxRows) {
        throw new InvalidPredictionsException(ProblemKind.TOO_MANY_ROWS, "the predictions file has more than " + maxRows
            + " rows; write one row per test id");
      }
      if (record.size() != header.size()) {
        throw new InvalidPredictionsException(ProblemKind.FIELD_COUNT, "row " + row + ": expected " + header.size()
            + " fields as in the header, found " + record.size());
      }
      String id = record.get(idIndex).trim();
      if (id.isEmpty()) {
        throw new InvalidPredictionsException(ProblemKind.EMPTY_VALUE, idColumn, "row " + row + ": column '"
            + idColumn + "' is empty");
      }
      if (!testIds.contains(id)) {
        throw new InvalidPredictionsException(ProblemKind.UNKNOWN_ID, "row " + row + ": id " + quote(id)
            + " is not in the test set");
      }
      Long first = firstRow.putIfAbsent(id, row);
      if (first != null) {
        throw new InvalidPredictionsException(ProblemKind.DUPLICATE_ID, "row " + row + ": id " + quote(id)
            + " appears twice (first at row " + first + ")");
      }
      double[] rowValues = new double[valueIndex.length];
      double sum = 0;
      for (int c = 0; c < valueIndex.length; c++) {
        rowValues[c] = value(record.get(valueIndex[c]).trim(), row, valueColumns.get(c), kind,
            valueIndex.length > 1);
        sum += rowValues[c];
      }
      if (sumsToOne && !(Math.abs(sum - 1) <= SUM_TOLERANCE)) {
        throw new InvalidPredictionsException(ProblemKind.NOT_SUMMING_TO_ONE, "row " + row
            + ": the probabilities of the "
            + valueColumns.size() + " classes sum to " + sum + "; they must sum to 1 (within "
            + SUM_TOLERANCE + ")");
      }
      values.put(id, rowValues);
    }

    if (dataRows == 0) {
      throw new InvalidPredictionsException(ProblemKind.NO_ROWS, "the predictions file has a header but no rows; it"
          + " needs one row per test id (" + testIds.size() + " ids)");
    }
    if (values.size() < testIds.size()) {
      TreeSet<String> absent = new TreeSet<>(testIds);
      absent.removeAll(values.keySet());
      String examples = absent.stream().limit(LISTED_MISSING_IDS)
          .map(PredictionsFile::quote).collect(Collectors.joining(", "));
      throw new InvalidPredictionsException(ProblemKind.MISSING_IDS, absent.size() == 1
          ? "1 test id has no prediction: " + examples
          : absent.size() + " test ids have no prediction, e.g. " + examples);
    }
    return values;
  }

  private static double value(String text, long row, String column, ValueKind kind,
      boolean nameColumn) throws InvalidPredictionsException {
    String where = nameColumn ? " in column '" + column + "'" : "";
    if (text.isEmpty()) {
      throw new InvalidPredictionsException(ProblemKind.EMPTY_VALUE, column, "row " + row + ": column '"
          + column + "' is empty");
    }
    if (NON_FINITE.matcher(text).matches()) {
      throw new InvalidPredictionsException(ProblemKind.NOT_FINITE, column, "row " + row + ": "
          + kind.word + " " + shorten(text) + where + " is not finite");
    }
    // Stricter than Double.parseDouble, which also takes hexadecimal and a trailing 'd' or 'f'.
    if (!DECIMAL.matcher(text).matches()) {
      throw new InvalidPredictionsException(ProblemKind.NOT_A_NUMBER, column, "row " + row + ": "
          + quote(text) + " in column '"
          + column + "' is not a number");
    }
    double value = Double.parseDouble(text);
    if (!Double.isFinite(value)) {
      throw new InvalidPredictionsException(ProblemKind.NOT_FINITE, column, "row " + row + ": "
          + kind.word + " " + shorten(text) + where + " is not finite");
    }
    if (value < kind.min || value > kind.max) {
      throw new InvalidPredictionsException(ProblemKind.OUT_OF_RANGE, column, "row " + row + ": "
          + kind.word + " " + shorten(text) + where + " is outside " + kind.range());
    }
    return value;
  }

  /** Column names as a phrase: 'a' and 'b', or 'a', 'b' and 'c'. */
  private static String listed(List<String> names) {
    List<String> quoted = names.stream().map(n -> "'" + n + "'").toList();
    return quoted.size() == 1 ? quoted.get(0)
        : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and "
            + quoted.get(quoted.size() - 1);
  }

  private static int columnIndex(List<String> header, String column)
      throws InvalidPredictionsException {
    int index = header.indexOf(column);
    if (index >= 0 && header.lastIndexOf(column) != index) {
      throw new InvalidPredictionsException(ProblemKind.DUPLICATE_COLUMN, column, "the header has the column '"
          + column
          + "' more than once; keep one");
    }
    return index;
  }

  private static String describeHeader(List<String> header) {
    String names = header.stream().limit(LISTED_COLUMNS).map(PredictionsFile::shorten)
        .collect(Collectors.joining(", "));
    return header.size() > LISTED_COLUMNS
        ? names + ", … (" + header.size() + " columns)"
        : names;
  }

  private static InvalidPredictionsException translate(Throwable cause, long maxBytes)
      throws IOException {
    if (cause instanceof CappedInputStream.LimitExceeded) {
      return new InvalidPredictionsException(ProblemKind.FILE_TOO_LARGE,
          "the predictions file is larger than the limit of " + maxBytes + " bytes");
    }
    if (cause instanceof CharacterCodingException) {
      return new InvalidPredictionsException(ProblemKind.NOT_UTF8, "the predictions file is not valid UTF-8 text");
    }
    if (cause instanceof CSVException) {
      // Commons CSV's messages name the line, e.g. "(startline 5) EOF reached before
      // encapsulated token finished" for an unclosed quote.
      return new InvalidPredictionsException(ProblemKind.NOT_CSV, "the predictions file is not valid CSV: "
          + shorten(cause.getMessage()));
    }
    if (cause instanceof IOException io) {
      throw io;
    }
    throw new IllegalStateException(cause);
  }

  private static String stripBom(String name) {
    return name.startsWith("\uFEFF") ? name.substring(1) : name;
  }

  /** A value from the file, shortened and made printable, in single quotes. */
  static String quote(String value) {
    return "'" + shorten(value) + "'";
  }

  /**
   * A value from the file made safe to show: control and formatting characters (which could
   * forge lines or reorder text in a log or a web page) become '?', and long values are cut.
   */
  static String shorten(String value) {
    StringBuilder shown = new StringBuilder();
    int[] codePoints = value.codePoints().toArray();
    for (int i = 0; i < codePoints.length && i < QUOTED_LENGTH; i++) {
      int c = codePoints[i];
      boolean unsafe = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
      shown.appendCodePoint(unsafe ? '?' : c);
    }
    if (codePoints.length > QUOTED_LENGTH) {
      shown.append('…');
    }
    return shown.toString();
  }

  /** An input stream that fails, rather than keeps reading, past a number of bytes. */
  private static final class CappedInputStream extends FilterInputStream {

    /** Thrown when the stream goes past its cap. */
    static final class LimitExceeded extends IOException {
      private static final long serialVersionUID = 1L;

      LimitExceeded(long cap) {
        super("more than " + cap + " bytes");
      }
    }

    private final long cap;
    private long read;

    CappedInputStream(InputStream in, long cap) {
      super(in);
      this.cap = cap;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count(skipped);
      return skipped;
    }

    private void count(long n) throws LimitExceeded {
      read += n;
      if (read > cap) {
        throw new LimitExceeded(cap);
      }
    }
  }
}
