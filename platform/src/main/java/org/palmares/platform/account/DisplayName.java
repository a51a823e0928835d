package org.palmares.platform.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for names people choose and others read (account and team names): Unicode NFKC
 * (so full-width or ligature look-alikes fold to their plain letters), trimmed, and free of
 * characters that hide or fake what is shown: control and format characters (zero-width, bidi
 * overrides), line and paragraph separators, and every space but the ASCII one (a no-break space
 * made {@code Team\u00a0B} a second "Team B"). Names are compared on {@link #key}: NFKC and case
 * folded.
 */
public final class DisplayName {
  private DisplayName() {}

  /**
   * The name as it will be stored and shown, or empty when it breaks the rule ({@link #problem}
   * says which part).
   */
  public static Optional<String> clean(String raw, int maxLength) {
    return problem(raw, maxLength) == null ? Optional.of(normalize(raw)) : Optional.empty();
  }

  /** A sentence saying what is wrong with {@code raw} as a name, or null when it is a fine name. */
  public static String problem(String raw, int maxLength) {
    String name = normalize(raw);
    if (name.isEmpty() || name.codePointCount(0, name.length()) > maxLength) {
      return "give a name of 1 to " + maxLength + " characters";
    }
    int bad = hiddenCharacter(raw);
    if (bad >= 0) {
      return "the name contains an invisible or look-alike character (U+" + String.format(Locale.ROOT, "%04X", bad)
          + "); use letters, digits, punctuation and plain spaces";
    }
    return null;
  }

  /** The first invisible or look-alike character of {@code raw}, as a code point, or -1. */
  public static int hiddenCharacter(String raw) {
    // checked before folding too: NFKC turns a no-break space into a plain one, which would hide the attempt
    return java.util.stream.IntStream.concat(raw == null ? java.util.stream.IntStream.empty() : raw.strip().codePoints(),
        normalize(raw).codePoints()).filter(DisplayName::hidden).findFirst().orElse(-1);
  }

  /** The form two names are compared on: equal keys are the same name to a reader. */
  public static String key(String name) {
    return normalize(name).toLowerCase(Locale.ROOT);
  }

  private static String normalize(String raw) {
    return raw == null ? "" : Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
  }

  private static boolean hidden(int cp) {
    if (cp == ' ') {
      return false;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
           Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> true;
      default -> false;
    };
  }
}
