package org.palmares.platform.http;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.leaderboard.Leaderboard;

/**
 * Server-rendered pages for spectators (no account, no script). Every value is HTML-escaped:
 * team names come from competitors.
 */
final class Pages {
  private Pages() {}

  static String challengeList(List<Challenge> challenges) {
    StringBuilder items = new StringBuilder();
    for (Challenge c : challenges) {
      items.append("<li><a href=\"/challenges/").append(escapeHtml4(c.slug())).append("\">")
          .append(escapeHtml4(c.title())).append("</a><p>").append(escapeHtml4(nullToEmpty(c.summary())))
          .append("</p></li>\n");
    }
    String body = challenges.isEmpty() ? "<p>No challenge is open yet.</p>" : "<ul class=\"challenges\">" + items + "</ul>";
    return page("Challenges", "<h1>Challenges</h1>\n" + body, false);
  }

  static String challenge(Challenge c, Leaderboard board) {
    StringBuilder rows = new StringBuilder();
    for (Leaderboard.Entry e : board.entries()) {
      rows.append("<tr><td class=\"num\">").append(e.rank()).append("</td><td>").append(escapeHtml4(e.team()))
          .append("</td><td class=\"num\">").append(format(e.score())).append("</td><td class=\"num\">")
          .append(e.ciLow() == null ? "–" : format(e.ciLow()) + " – " + format(e.ciHigh()))
          .append("</td><td>").append(interval(board, e)).append("</td><td class=\"num\">").append(e.submissions())
          .append("</td><td><time>").append(e.lastSubmissionAt()).append("</time></td></tr>\n");
    }
    String table = board.entries().isEmpty()
        ? "<p>No submission has been scored yet.</p>"
        : """
          <table class="leaderboard">
          <thead><tr><th>Rank</th><th>Team</th><th>%s</th><th>95%% CI</th><th></th><th>Submissions</th><th>Last submission (UTC)</th></tr></thead>
          <tbody>
          %s</tbody>
          </table>
          """.formatted(escapeHtml4(metricTitle(board.metric())), rows);
    StringBuilder files = new StringBuilder();
    for (String f : c.data().publicFiles()) {
      files.append("<li><a href=\"/challenges/").append(escapeHtml4(c.slug())).append("/files/")
          .append(escapeHtml4(f)).append("\">").append(escapeHtml4(f)).append("</a></li>");
    }
    String body = """
        <p><a href="/">All challenges</a></p>
        <h1>%s</h1>
        <p>%s</p>
        <h2>Leaderboard</h2>
        <p class="note">Public part of the hidden test set; ranked by %s (%s is better), rounded to 4 decimals,
        with 95%% bootstrap confidence intervals. The private part decides the final ranking.</p>
        %s
        <p class="note">Also as JSON: <a href="/api/challenges/%s/leaderboard">/api/challenges/%s/leaderboard</a></p>
        <h2>Data</h2>
        <ul>%s</ul>
        <p class="note">Licence: %s. %s</p>
        <h2>Limits of a run</h2>
        <p>%s CPU, %d MiB memory, %d s wall clock, %d MiB of output, no network.</p>
        """.formatted(escapeHtml4(c.title()), escapeHtml4(nullToEmpty(c.summary())),
        escapeHtml4(metricTitle(board.metric())), board.higherIsBetter() ? "higher" : "lower", table,
        escapeHtml4(c.slug()), escapeHtml4(c.slug()), files, escapeHtml4(nullToEmpty(c.licence())),
        escapeHtml4(nullToEmpty(c.citation())), BigDecimal.valueOf(c.limits().cpus()).stripTrailingZeros().toPlainString(),
        c.limits().memoryMiB(),
        c.limits().wallClockSeconds(), c.limits().outputMiB());
    return page(c.title(), body, true);
  }

  static String notFound(String what) {
    return page("Not found", "<h1>Not found</h1><p>" + escapeHtml4(what) + "</p><p><a href=\"/\">All challenges</a></p>", false);
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
        + "<circle cx=\"%.1f\" cy=\"6\" r=\"3\" class=\"point\"/></svg>", width, format(e.ciLow()), format(e.ciHigh()),
        width, x1, x2, x);
  }

  private static String metricTitle(String metric) {
    return switch (metric) {
      case "roc_auc" -> "ROC AUC";
      case "log_loss" -> "Log loss";
      default -> metric.replace('_', ' ');
    };
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, v == Math.rint(v) && Math.abs(v) > 1 ? "%.0f" : "%.4f", v);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String page(String title, String body, boolean refresh) {
    return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        %s<title>%s · Palmarès</title>
        <link rel="stylesheet" href="/assets/palmares.css">
        </head>
        <body>
        <header><a class="brand" href="/">Palmarès</a></header>
        <main>
        %s
        </main>
        </body>
        </html>
        """.formatted(refresh ? "<meta http-equiv=\"refresh\" content=\"15\">\n" : "", escapeHtml4(title), body);
  }
}
