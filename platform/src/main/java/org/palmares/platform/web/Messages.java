package org.palmares.platform.web;

import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The site's words in one language, from the resource bundles {@code i18n/messages.properties}
 * (English) and {@code i18n/messages_fr.properties}. Each message is a {@link MessageFormat}
 * pattern: numbers are formatted for the language and plurals are written with choices, e.g.
 * {@code {0,choice,0#no submission|1#one submission|1<{0,number,integer} submissions}} (French puts
 * 0 and 1 in the singular, which a choice says as well: ICU4J's plural rules would add 14 MiB
 * for two languages whose rules a choice expresses exactly).
 *
 * <p>Messages are plain text, never HTML: templates escape them like any other value, so a
 * translation cannot inject markup.
 */
public final class Messages {
  private static final String BUNDLE = "i18n.messages";
  private static final Map<Language, Messages> ALL = new EnumMap<>(Language.class);

  static {
    for (Language l : Language.values()) {
      ALL.put(l, new Messages(l, ResourceBundle.getBundle(BUNDLE, l.locale(),
          ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES))));
    }
  }

  private final Language language;
  private final ResourceBundle bundle;

  private Messages(Language language, ResourceBundle bundle) {
    this.language = language;
    this.bundle = bundle;
  }

  public static Messages of(Language language) {
    return ALL.get(language);
  }

  public Language language() {
    return language;
  }

  /** Whether there is a message {@code key} (the bundles are checked against each other by a test). */
  public boolean has(String key) {
    return bundle.containsKey(key);
  }

  /** The message {@code key} with {@code args} put in; fails loudly for a key that does not exist. */
  public String t(String key, Object... args) {
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalArgumentException("no message " + key + " in " + language.tag(), e);
    }
    // always through MessageFormat, so one quoting rule holds for every message (the bundles use
    // the typographic apostrophe, which MessageFormat leaves alone)
    return new MessageFormat(pattern, language.locale()).format(args);
  }

  /** The keys of the bundle (for the test that every language has every message). */
  public java.util.Set<String> keys() {
    return bundle.keySet();
  }
}
