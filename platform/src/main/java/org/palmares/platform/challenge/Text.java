package org.palmares.platform.challenge;

/**
 * A text in English and French. Challenges run across countries: either language may be missing,
 * and then the other is shown.
 */
public record Text(String en, String fr) {

  public static Text english(String en) {
    return new Text(en, null);
  }

  /** The text in {@code language} ("en" or "fr"), falling back to the other; "" when both are missing. */
  public String in(String language) {
    String wanted = "fr".equals(language) ? fr : en;
    String other = "fr".equals(language) ? en : fr;
    return wanted != null ? wanted : other != null ? other : "";
  }
}
