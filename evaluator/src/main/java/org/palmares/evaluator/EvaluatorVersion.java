package org.palmares.evaluator;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this evaluator (the build's), which the records a site signs name. */
public final class EvaluatorVersion {
  private static final String VALUE = read();

  private EvaluatorVersion() {}

  /** E.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when run from classes the build did not filter. */
  public static String current() {
    return VALUE;
  }

  private static String read() {
    try (InputStream in = EvaluatorVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
