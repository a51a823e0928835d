package org.palmares.evaluator.scoring;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.palmares.evaluator.protocol.EvaluationSpec;

/**
 * The hidden labels of a test set: its ids and which of them are positive.
 *
 * <p>The labels file is the organizer's, so a malformed one is reported as an {@link
 * IllegalStateException} naming the file, never as a competitor's {@link
 * InvalidPredictionsException}.
 *
 * @param ids       every test id, sorted, unmodifiable
 * @param positives the ids of the positive class, unmodifiable
 */
record HiddenLabels(List<String> ids, Set<String> positives) {

  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();

  HiddenLabels {
    ids = List.copyOf(ids);
    positives = Set.copyOf(positives);
  }

  /**
   * Reads a labels file: a CSV with a header holding the id and label columns; a row is positive
   * when its trimmed label equals the positive label.
   *
   * @throws IllegalStateException if the file is malformed, or holds one class only (a typo in the
   *     positive label is far likelier than a test set without positives)
   */
  static HiddenLabels read(Path labelsCsv, EvaluationSpec.HiddenData hidden) throws IOException {
    String where = "labels file " + labelsCsv;
    TreeMap<String, Boolean> classes = new TreeMap<>();
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
      int idIndex = header.indexOf(hidden.idColumn());
      int labelIndex = header.indexOf(hidden.labelColumn());
      if (idIndex < 0 || labelIndex < 0) {
        throw new IllegalStateException(where + " must have the columns '" + hidden.idColumn()
            + "' and '" + hidden.labelColumn() + "'; found: " + String.join(", ", header));
      }
      String positiveLabel = hidden.positiveLabel().trim();
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
        boolean positive = record.get(labelIndex).trim().equals(positiveLabel);
        if (classes.put(id, positive) != null) {
          throw new IllegalStateException(where + ", row " + row + ": id '" + id
              + "' appears twice");
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Set<String> positives = new HashSet<>();
    classes.forEach((id, positive) -> {
      if (positive) {
        positives.add(id);
      }
    });
    if (positives.isEmpty() || positives.size() == classes.size()) {
      throw new IllegalStateException(where + " must hold both classes; " + positives.size()
          + " of " + classes.size() + " rows have the positive label '" + hidden.positiveLabel()
          + "' in column '" + hidden.labelColumn() + "'");
    }
    return new HiddenLabels(new ArrayList<>(classes.keySet()), Collections.unmodifiableSet(
        positives));
  }
}
