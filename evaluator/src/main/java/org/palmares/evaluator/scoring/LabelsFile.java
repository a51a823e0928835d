package org.palmares.evaluator.scoring;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the columns that matter from a hidden labels file, an organizer's CSV with a header. Its
 * problems are the organizer's, so they are {@link IllegalStateException}s naming the file and
 * row, never a competitor's {@link InvalidPredictionsException}.
 */
final class LabelsFile {

  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();

  private LabelsFile() {}

  /**
   * One row of the file: its line number and the trimmed values of the requested columns.
   *
   * @param line   line of the file (the header is line 1)
   * @param values values of the requested columns, in the requested order
   */
  record Row(long line, String[] values) {}

  /**
   * The rows of a labels file by id, sorted by id.
   *
   * @param columns the columns to read besides the id
   * @throws IllegalStateException if the file is empty, lacks a column, has a short row, an empty
   *     id or an id twice
   */
  static TreeMap<String, Row> read(Path labelsCsv, String idColumn, List<String> columns)
      throws IOException {
    String where = where(labelsCsv);
    TreeMap<String, Row> rows = new TreeMap<>();
    try (Reader reader = Files.newBufferedReader(labelsCsv, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(reader, FORMAT)) {
      Iterator<CSVRecord> records = parser.iterator();
      if (!records.hasNext()) {
        throw new IllegalStateException(where + " is empty");
      }
      List<String> header = new ArrayList<>();
      for (String name : records.next()) {
        header.add((header.isEmpty() && name.startsWith("\uFEFF") ? name.substring(1) : name)
            .trim());
      }
      int idIndex = header.indexOf(idColumn);
      int[] indexes = new int[columns.size()];
      boolean missing = idIndex < 0;
      for (int c = 0; c < indexes.length; c++) {
        indexes[c] = header.indexOf(columns.get(c));
        missing |= indexes[c] < 0;
      }
      if (missing) {
        List<String> wanted = new ArrayList<>();
        wanted.add(idColumn);
        wanted.addAll(columns);
        List<String> quoted = wanted.stream().map(n -> "'" + n + "'").toList();
        throw new IllegalStateException(where + " must have the columns "
            + String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and "
            + quoted.get(quoted.size() - 1) + "; found: " + String.join(", ", header));
      }
      while (records.hasNext()) {
        CSVRecord record = records.next();
        long row = parser.getCurrentLineNumber();
        if (record.size() != header.size()) {
          throw new IllegalStateException(where + ", row " + row + ": expected " + header.size()
              + " fields, found " + record.size());
        }
        String id = record.get(idIndex).trim();
        if (id.isEmpty()) {
          throw new IllegalStateException(where + ", row " + row + ": empty id");
        }
        String[] values = new String[indexes.length];
        for (int c = 0; c < indexes.length; c++) {
          values[c] = record.get(indexes[c]).trim();
        }
        if (rows.put(id, new Row(row, values)) != null) {
          throw new IllegalStateException(where + ", row " + row + ": id '" + id
              + "' appears twice");
        }
      }
    } catch (UncheckedIOException e) {
      throw unreadable(where, e.getCause());
    } catch (CSVException | CharacterCodingException e) {
      throw unreadable(where, e);
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException(where + " has a header but no rows");
    }
    return rows;
  }

  /** Bytes that are not UTF-8 or not CSV are the organizer's problem too; other read errors are ours. */
  private static IOException unreadable(String where, IOException e) {
    if (e instanceof CSVException || e instanceof CharacterCodingException) {
      throw new IllegalStateException(where + " is not " + (e instanceof CSVException ? "valid CSV: " + e.getMessage()
          : "UTF-8 text"), e);
    }
    return e;
  }

  static String where(Path labelsCsv) {
    return "labels file " + labelsCsv;
  }

  /** A finite number from a labels row, or the organizer's error naming the row and column. */
  static double number(Path labelsCsv, Row row, int column, String columnName) {
    String text = row.values()[column];
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!Double.isFinite(value)) {
      throw new IllegalStateException(where(labelsCsv) + ", row " + row.line() + ": '" + text
          + "' in column '" + columnName + "' is not a finite number");
    }
    return value;
  }
}
