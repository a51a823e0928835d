package org.palmares.platform.challenge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The data dictionary of a bundle's public CSV file, read from the file itself (its header and
 * its first rows), so it is never out of date: each column with the kind of its values (numbers
 * with their range, a few categories, or text). The challenge's id and label columns are named as
 * such by the page.
 */
public final class DataDictionary {
  /** Rows looked at: enough to tell numbers from categories, little to read on a page view. */
  static final int ROWS_READ = 500;
  /** At most this many distinct values make a column a category. */
  static final int MAX_CATEGORIES = 8;

  /** What a column holds. */
  public enum Kind { NUMBER, CATEGORY, TEXT }

  /**
   * One column.
   *
   * @param min, max  the range of a number column over the rows read
   * @param values    the values of a category column
   */
  public record Column(String name, Kind kind, Double min, Double max, List<String> values, boolean complete) {}

  private record Key(Path file, long size, long modified) {}

  private static final Cache<Key, List<Column>> CACHE = Caffeine.newBuilder().maximumSize(200).build();

  private DataDictionary() {}

  /** The columns of {@code file} when it is a readable CSV with a header; empty otherwise. Blocking. */
  public static Optional<List<Column>> of(Path file) {
    if (!file.getFileName().toString().endsWith(".csv") || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Key key = new Key(file, Files.size(file), Files.getLastModifiedTime(file).toMillis());
      return Optional.of(CACHE.get(key, k -> read(k.file())));
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty(); // a page shows the file without its dictionary rather than failing
    }
  }

  private static List<Column> read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
      List<String> names = csv.getHeaderNames();
      Map<String, Set<String>> distinct = new LinkedHashMap<>();
      Map<String, double[]> range = new LinkedHashMap<>();
      Map<String, Boolean> numeric = new LinkedHashMap<>();
      names.forEach(n -> {
        distinct.put(n, new LinkedHashSet<>());
        numeric.put(n, true);
      });
      int rows = 0;
      boolean complete = true;
      for (CSVRecord row : csv) {
        if (++rows > ROWS_READ) {
          complete = false;
          break;
        }
        for (String n : names) {
          String v = row.isMapped(n) && row.isSet(n) ? row.get(n).trim() : "";
          if (v.isEmpty()) {
            continue;
          }
          if (distinct.get(n).size() <= MAX_CATEGORIES) {
            distinct.get(n).add(v);
          }
          if (numeric.get(n)) {
            try {
              double d = Double.parseDouble(v);
              double[] r = range.computeIfAbsent(n, k -> new double[] {d, d});
              r[0] = Math.min(r[0], d);
              r[1] = Math.max(r[1], d);
            } catch (NumberFormatException text) {
              numeric.put(n, false);
            }
          }
        }
      }
      List<Column> out = new ArrayList<>();
      for (String n : names) {
        Set<String> values = distinct.get(n);
        if (numeric.get(n) && range.containsKey(n) && values.size() > MAX_CATEGORIES) {
          out.add(new Column(n, Kind.NUMBER, range.get(n)[0], range.get(n)[1], List.of(), complete));
        } else if (values.size() <= MAX_CATEGORIES && !values.isEmpty()) {
          out.add(new Column(n, Kind.CATEGORY, null, null, List.copyOf(values), complete));
        } else {
          out.add(new Column(n, Kind.TEXT, null, null, List.of(), complete));
        }
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
