package org.palmares.platform.web;

/**
 * What every page's layout needs: the reader's language and its messages, who is looking (for the
 * header's links), and the path being shown (for the language switch, which keeps the reader on
 * the same page).
 *
 * @param viewer the person logged in, or null
 * @param path   the request's path and query, without any {@code lang} parameter
 */
public record Page(Language language, Viewer viewer, String path) {

  /** Someone logged in, as the header shows them: their name, and the CSRF token of the log-out form. */
  public record Viewer(String name, String csrf) {}

  public Messages m() {
    return Messages.of(language);
  }

  /** Shorthand for templates: the message {@code key} in the reader's language. */
  public String t(String key, Object... args) {
    return m().t(key, args);
  }

  public String lang() {
    return language.tag();
  }

  /** The link that shows this same page in {@code other} (and makes that choice stick). */
  public String switchTo(Language other) {
    return path + (path.contains("?") ? "&" : "?") + "lang=" + other.tag();
  }
}
