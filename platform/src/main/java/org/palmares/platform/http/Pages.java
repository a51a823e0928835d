package org.palmares.platform.http;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Metrics;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.leaderboard.Leaderboard;

/**
 * Server-rendered pages for spectators (no account needed, no script but the live update). Every
 * value is HTML-escaped: team names come from competitors.
 */
final class Pages {
  private Pages() {}

  static String challengeList(List<Challenge> challenges, String lang, String nav) {
    StringBuilder items = new StringBuilder();
    for (Challenge c : challenges) {
      items.append("<li><a href=\"/challenges/").append(escapeHtml4(c.slug())).append("\">")
          .append(escapeHtml4(c.title().in(lang))).append("</a><p>")
          .append(escapeHtml4(c.summary() == null ? "" : c.summary().in(lang))).append("</p></li>\n");
    }
    String body = challenges.isEmpty() ? "<p>" + PageText.of("none-open", lang) + "</p>"
        : "<ul class=\"challenges\">" + items + "</ul>";
    return page(PageText.of("challenges", lang), "<h1>" + PageText.of("challenges", lang) + "</h1>\n" + body, false,
        lang, nav);
  }

  static String challenge(Challenge c, Phase phase, Leaderboard board, Leaderboard privateBoard, String lang,
      Instant now, String participation, String nav) {
    StringBuilder phases = new StringBuilder();
    for (Phase p : c.phases()) {
      String state = PageText.of(p.isOpenAt(now) ? "open" : now.isBefore(p.opens()) ? "upcoming" : "closed", lang);
      String title = escapeHtml4(p.title() == null ? p.name() : p.title().in(lang));
      phases.append("<li>").append(p.name().equals(phase.name()) ? "<strong>" + title + "</strong>"
              : "<a href=\"?phase=" + escapeHtml4(p.name()) + "&amp;lang=" + lang + "\">" + title + "</a>")
          .append(" <span class=\"note\">(").append(state).append(", ").append(p.opens()).append(" → ")
          .append(p.closes()).append(quota(p, lang)).append(")</span></li>");
    }
    String privatePart = privateBoard == null
        ? "<p class=\"note\">" + (phase.revealPrivateAt() == null ? PageText.of("private-later", lang)
            : PageText.of("private-at", lang) + " <time>" + phase.revealPrivateAt() + "</time>.") + "</p>"
        : "<h3>" + PageText.of("private-board", lang) + "</h3>\n" + table(privateBoard, lang);
    StringBuilder files = new StringBuilder();
    for (String f : c.data().publicFiles()) {
      files.append("<li><a href=\"/challenges/").append(escapeHtml4(c.slug())).append("/files/")
          .append(escapeHtml4(f)).append("\">").append(escapeHtml4(f)).append("</a></li>");
    }
    Challenge.Limits limits = c.limitsOf(phase);
    String body = """
        <p><a href="/?lang=%s">%s</a> · <a href="?phase=%s&amp;lang=en">English</a> · <a href="?phase=%s&amp;lang=fr">Français</a></p>
        <h1>%s</h1>
        <p>%s</p>
        <h2>%s</h2>
        <ul>%s</ul>
        <h2>%s — %s</h2>
        <p class="note">%s</p>
        %s
        %s
        <p class="note">%s <a href="/api/challenges/%s/leaderboard?phase=%s">/api/challenges/%s/leaderboard?phase=%s</a></p>
        <h2>%s</h2>
        <ul>%s</ul>
        <p class="note">%s: %s. %s</p>
        <h2>%s</h2>
        <p>%s</p>
        """.formatted(lang, PageText.of("all-challenges", lang), escapeHtml4(phase.name()), escapeHtml4(phase.name()),
        escapeHtml4(c.title().in(lang)), escapeHtml4(c.summary() == null ? "" : c.summary().in(lang)),
        PageText.of("phases", lang), phases, PageText.of("leaderboard", lang),
        escapeHtml4(phase.title() == null ? phase.name() : phase.title().in(lang)),
        PageText.of("board-note", lang).formatted(escapeHtml4(Metrics.title(board.metric())),
            PageText.of(board.higherIsBetter() ? "higher" : "lower", lang), PageText.of(board.rule(), lang),
            board.precision()),
        board.entries().isEmpty() ? "<p class=\"board-empty\">" + PageText.of("no-scores", lang) + "</p>"
            + table(board, lang) : table(board, lang),
        privatePart, PageText.of("as-json", lang), escapeHtml4(c.slug()), escapeHtml4(phase.name()),
        escapeHtml4(c.slug()), escapeHtml4(phase.name()), PageText.of("data", lang), files,
        PageText.of("licence", lang), escapeHtml4(nullToEmpty(c.licence())), escapeHtml4(nullToEmpty(c.citation())),
        PageText.of("limits", lang), PageText.of("limits-line", lang).formatted(
            BigDecimal.valueOf(limits.cpus()).stripTrailingZeros().toPlainString(), limits.memoryMiB(),
            limits.wallClockSeconds(), limits.outputMiB()));
    return page(c.title().in(lang), body + participation + "<script src=\"/assets/live-board.js\" data-challenge=\"" + escapeHtml4(c.slug())
        + "\"></script>\n", true, lang, nav);
  }

  private static String quota(Phase p, String lang) {
    StringBuilder q = new StringBuilder();
    if (p.quota().perDay() != null) {
      q.append(", ").append(PageText.of("per-day", lang).formatted(p.quota().perDay()));
    }
    if (p.quota().total() != null) {
      q.append(", ").append(PageText.of("in-all", lang).formatted(p.quota().total()));
    }
    return q.toString();
  }

  private static String table(Leaderboard board, String lang) {
    StringBuilder rows = new StringBuilder();
    for (Leaderboard.Entry e : board.entries()) {
      rows.append("<tr><td class=\"num\">").append(e.rank()).append("</td><td>").append(escapeHtml4(e.team()))
          .append("</td><td class=\"num\">").append(format(e.score(), board.precision())).append("</td><td class=\"num\">")
          .append(e.ciLow() == null ? "–" : format(e.ciLow(), board.precision()) + " – " + format(e.ciHigh(), board.precision()))
          .append("</td><td>").append(interval(board, e)).append("</td><td class=\"num\">").append(e.submissions())
          .append("</td><td><time>").append(e.lastSubmissionAt()).append("</time></td></tr>\n");
    }
    return """
        <table class="leaderboard" data-phase="%s" data-part="%s" data-precision="%d"%s>
        <thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th><th>%s</th><th>%s</th></tr></thead>
        <tbody>
        %s</tbody>
        </table>
        """.formatted(escapeHtml4(board.phase()), escapeHtml4(board.part()), board.precision(),
        board.entries().isEmpty() ? " hidden" : "", // shown by live-board.js when the first score arrives
        PageText.of("rank", lang), PageText.of("team", lang), escapeHtml4(Metrics.title(board.metric())),
        PageText.of("ci", lang), PageText.of("submissions", lang), PageText.of("last", lang), rows);
  }

  static String notFound(String what) {
    return page("Not found", "<h1>Not found</h1><p>" + escapeHtml4(what) + "</p><p><a href=\"/\">All challenges</a></p>",
        false, "en", "");
  }

  /** The page of a refused or failed request: what happened, in the words of the refusal, and where to go. */
  static String refusal(int status, String message, String lang) {
    String title = status == 404 ? "Not found" : status == 503 ? "Busy" : PageText.of("refused", lang);
    return page(title, "<h1>" + escapeHtml4(title) + "</h1><p>" + escapeHtml4(message) + "</p><p><a href=\"/\">"
        + PageText.of("all-challenges", lang) + "</a></p>", false, lang, "");
  }

  /** A small inline SVG of the score's interval on a 0–1 scale, so overlapping intervals are seen at a glance. */
  private static String interval(Leaderboard board, Leaderboard.Entry e) {
    if (e.ciLow() == null || e.score() < 0 || e.ciHigh() > 1) {
      return "";
    }
    int width = 160;
    double x1 = e.ciLow() * width;
    double x2 = e.ciHigh() * width;
    double x = e.score() * width;
    return String.format(Locale.ROOT, "<svg class=\"ci\" width=\"%d\" height=\"12\" role=\"img\" aria-label=\"interval %s to %s\">"
        + "<line x1=\"0\" y1=\"6\" x2=\"%d\" y2=\"6\" class=\"axis\"/><line x1=\"%.1f\" y1=\"6\" x2=\"%.1f\" y2=\"6\" class=\"bar\"/>"
        + "<circle cx=\"%.1f\" cy=\"6\" r=\"3\" class=\"point\"/></svg>", width, format(e.ciLow(), board.precision()),
        format(e.ciHigh(), board.precision()),
        width, x1, x2, x);
  }

  private static String format(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** A whole page; {@code nav} is the header's links for whoever is looking (login, or account and logout). */
  static String page(String title, String body, boolean refresh, String lang, String nav) {
    return """
        <!doctype html>
        <html lang="%s">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        %s<title>%s · Palmarès</title>
        <link rel="stylesheet" href="/assets/palmares.css">
        </head>
        <body>
        <header><a class="brand" href="/">Palmarès</a> <nav>%s</nav></header>
        <main>
        %s
        </main>
        </body>
        </html>
        """.formatted(lang, refresh ? "<noscript><meta http-equiv=\"refresh\" content=\"30\"></noscript>\n" : "",
        escapeHtml4(title), nav, body);
  }
}
