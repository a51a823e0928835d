package org.palmares.evaluator.scoring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.palmares.evaluator.protocol.EvaluationSpec;

/**
 * The hidden labels of a binary classification test set: its ids and which of them are positive.
 *
 * <p>The labels file is the organizer's, so a malformed one is reported as an {@link
 * IllegalStateException} naming the file, never as a competitor's {@link
 * InvalidPredictionsException}.
 *
 * @param ids       every test id, sorted, unmodifiable
 * @param positives the ids of the positive class, unmodifiable
 */
record HiddenLabels(List<String> ids, Set<String> positives) {

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
    TreeMap<String, LabelsFile.Row> rows = LabelsFile.read(labelsCsv, hidden.idColumn(),
        List.of(hidden.labelColumn()));
    String positiveLabel = hidden.positiveLabel().trim();
    Set<String> positives = new HashSet<>();
    for (Map.Entry<String, LabelsFile.Row> row : rows.entrySet()) {
      if (row.getValue().values()[0].equals(positiveLabel)) {
        positives.add(row.getKey());
      }
    }
    if (positives.isEmpty() || positives.size() == rows.size()) {
      throw new IllegalStateException(LabelsFile.where(labelsCsv) + " must hold both classes; "
          + positives.size() + " of " + rows.size() + " rows have the positive label '"
          + hidden.positiveLabel() + "' in column '" + hidden.labelColumn() + "'");
    }
    return new HiddenLabels(new ArrayList<>(rows.keySet()), Collections.unmodifiableSet(
        positives));
  }
}
