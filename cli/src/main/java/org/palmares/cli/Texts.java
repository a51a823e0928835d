package org.palmares.cli;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The CLI's own sentences in the terminal's language: French when the locale variables say so
 * ({@code LC_ALL}, then {@code LC_MESSAGES}, then {@code LANG}, as POSIX orders them), else
 * English. The same language is asked of the platform ({@code Accept-Language}) for its refusals.
 */
final class Texts {
  /** The language of this process's terminal. */
  static final Texts TERMINAL = of(System.getenv());

  private final Locale locale;

  private Texts(Locale locale) {
    this.locale = locale;
  }

  static Texts of(Map<String, String> env) {
    for (String name : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return new Texts(value.startsWith("fr") ? Locale.FRENCH : Locale.ENGLISH);
      }
    }
    return new Texts(Locale.ENGLISH);
  }

  boolean french() {
    return locale.equals(Locale.FRENCH);
  }

  String get(String key, Object... args) {
    String pattern = ResourceBundle.getBundle("org.palmares.cli.Messages", locale,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)).getString(key);
    return new MessageFormat(pattern, locale).format(args);
  }
}
