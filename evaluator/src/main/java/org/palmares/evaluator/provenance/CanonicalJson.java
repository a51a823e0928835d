package org.palmares.evaluator.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one canonical JSON serialisation of a signed record: the JSON Canonicalization Scheme of
 * RFC 8785 (no whitespace; object members sorted by the UTF-16 code units of their names; strings
 * with only the escapes JSON requires, everything else as UTF-8; numbers as IEEE doubles written
 * the ECMAScript way: shortest round-trip digits, {@code 1e+21}, {@code 0.000001}, {@code 1e-7}).
 * No maintained Java implementation is available offline, and the scheme is short enough to own.
 *
 * <p>One extension, because scores may be undefined: a non-finite number (NaN, ±Infinity), which
 * JSON cannot hold, is written as the string {@code "NaN"}, {@code "Infinity"} or {@code
 * "-Infinity"} (what Jackson writes for them too), so the canonical form of the parsed form is the
 * same bytes.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The canonical form as UTF-8 bytes (what is signed). */
  public static byte[] bytes(JsonNode node) {
    return string(node).getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical form. */
  public static String string(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
      node.fields().forEachRemaining(members::add);
      // String.compareTo compares UTF-16 code units, which is the order RFC 8785 prescribes
      members.sort(Map.Entry.comparingByKey());
      out.append('{');
      for (int i = 0; i < members.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        string(members.get(i).getKey(), out);
        out.append(':');
        write(members.get(i).getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      Iterator<JsonNode> items = node.elements();
      for (boolean first = true; items.hasNext(); first = false) {
        if (!first) {
          out.append(',');
        }
        write(items.next(), out);
      }
      out.append(']');
    } else if (node.isBoolean()) {
      out.append(node.booleanValue());
    } else if (node.isNumber()) {
      number(node.doubleValue(), out);
    } else if (node.isTextual()) {
      string(node.textValue(), out);
    } else {
      throw new IllegalArgumentException("no canonical JSON form for a " + node.getNodeType() + " node");
    }
  }

  private static void number(double value, StringBuilder out) {
    if (Double.isNaN(value)) {
      string("NaN", out);
    } else if (Double.isInfinite(value)) {
      string(value > 0 ? "Infinity" : "-Infinity", out);
    } else {
      out.append(number(value));
    }
  }

  /**
   * A finite double as ECMAScript's Number.prototype.toString writes it (RFC 8785 §3.2.2.3).
   * Since JDK 19 {@link Double#toString} yields the shortest decimal that rounds to the double,
   * which are the digits ECMAScript uses, except that it never gives fewer than two digits (it
   * writes 4.9E-324 where one digit, 5e-324, is enough): a one-digit form is then tried.
   */
  static String number(double value) {
    if (value == 0) {
      return "0"; // also -0
    }
    BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    if (shortest.precision() == 2) {
      BigDecimal one = shortest.round(new java.math.MathContext(1, java.math.RoundingMode.HALF_EVEN));
      if (one.doubleValue() == value) {
        shortest = one.stripTrailingZeros();
      }
    }
    String sign = shortest.signum() < 0 ? "-" : "";
    String digits = shortest.unscaledValue().abs().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // value = 0.digits × 10^n
    StringBuilder s = new StringBuilder(sign);
    if (k <= n && n <= 21) {
      s.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      s.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      s.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int e = n - 1;
      s.append(digits.charAt(0));
      if (k > 1) {
        s.append('.').append(digits, 1, k);
      }
      s.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return s.toString();
  }

  private static void string(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
              out.append(c).append(value.charAt(++i));
            } else {
              throw new IllegalArgumentException("a string with a lone surrogate has no canonical JSON form");
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
