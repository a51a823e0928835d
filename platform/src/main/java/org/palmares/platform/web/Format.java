package org.palmares.platform.web;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Numbers, sizes and times as a page shows them, in the reader's language. Times are written in
 * UTC on the server, inside {@code <time datetime>}, and the page's script rewrites them in the
 * reader's own time zone (a server does not know it).
 */
public final class Format {
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private Format() {}

  /** {@code value} with exactly {@code decimals} decimals, in the language's notation (0.9986, 0,9986). */
  public static String decimal(double value, int decimals, Language language) {
    NumberFormat f = NumberFormat.getNumberInstance(language.locale());
    f.setMinimumFractionDigits(decimals);
    f.setMaximumFractionDigits(decimals);
    f.setGroupingUsed(false);
    return f.format(value);
  }

  /** The same value as machines read it (data attributes, sorting): a dot, no grouping. */
  public static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** A size in bytes as people read it: "74.1 KiB", "74,1 Kio". */
  public static String bytes(long bytes, Language language) {
    boolean fr = language == Language.FR;
    String[] units = fr ? new String[] {"o", "Kio", "Mio", "Gio", "Tio"} : new String[] {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return (u == 0 ? String.valueOf(bytes) : decimal(v, 1, language)) + " " + units[u];
  }

  /** An instant for the {@code datetime} attribute: ISO-8601 in UTC. */
  public static String iso(Instant t) {
    return t == null ? "" : t.toString();
  }

  /** An instant for the text of a {@code <time>} before the script localizes it: "2027-12-31 23:59 UTC". */
  public static String utc(Instant t) {
    return t == null ? "" : UTC.format(t);
  }
}
