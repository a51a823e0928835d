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
 * The frame of the account pages, until they are ported to the templates (branch web-people);
 * every other page is a JTE template ({@code src/main/jte}).
 */
final class Pages {
  private Pages() {}

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
