package org.palmares.platform.web;

import java.util.List;
import java.util.Locale;

/**
 * A language the site is written in. The reader's is, in order: a choice they made on the site
 * (the {@code ?lang=} of a link, kept in a cookie so every later page follows it), else the best
 * match of their browser's {@code Accept-Language} by its q-values, else English.
 */
public enum Language {
  EN(Locale.ENGLISH), FR(Locale.FRENCH);

  /** The cookie keeping a reader's choice; not a secret, so readable and long-lived. */
  public static final String COOKIE = "palmares_lang";

  private final Locale locale;

  Language(Locale locale) {
    this.locale = locale;
  }

  public Locale locale() {
    return locale;
  }

  /** The tag used in URLs, the cookie and {@code <html lang>}: "en" or "fr". */
  public String tag() {
    return locale.getLanguage();
  }

  /** The language of {@code tag} ("fr", "FR", "fr-CA"...), if it is one of ours. */
  public static java.util.Optional<Language> ofTag(String tag) {
    if (tag == null || tag.isBlank()) {
      return java.util.Optional.empty();
    }
    String primary = tag.trim().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
    for (Language l : values()) {
      if (l.tag().equals(primary)) {
        return java.util.Optional.of(l);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The best of ours for an {@code Accept-Language} header, honouring q-values ({@code
   * "de, fr;q=0.8, en;q=0.5"} gives French; {@code "fr;q=0"} refuses French); English when nothing
   * matches or the header cannot be read.
   */
  public static Language fromAcceptLanguage(String header) {
    if (header == null || header.isBlank()) {
      return EN;
    }
    List<Locale.LanguageRange> ranges;
    try {
      ranges = Locale.LanguageRange.parse(header);
    } catch (IllegalArgumentException malformed) {
      return EN;
    }
    // parse() drops q=0 ranges and sorts by weight, stable for equal weights
    for (Locale.LanguageRange range : ranges) {
      if (range.getRange().equals("*")) {
        return EN;
      }
      java.util.Optional<Language> ours = ofTag(range.getRange());
      if (ours.isPresent()) {
        return ours.get();
      }
    }
    return EN;
  }

  /** The reader's language: {@code asked} (from {@code ?lang=}), else {@code kept} (the cookie), else the header. */
  public static Language choose(String asked, String kept, String acceptLanguage) {
    return ofTag(asked).or(() -> ofTag(kept)).orElseGet(() -> fromAcceptLanguage(acceptLanguage));
  }
}
