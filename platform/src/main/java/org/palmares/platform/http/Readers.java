package org.palmares.platform.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.palmares.platform.account.Sessions;
import org.palmares.platform.web.Language;
import org.palmares.platform.web.Page;

/**
 * The reader of a page: their language (a choice that sticks, then {@code Accept-Language}) and
 * the {@link Page} every template is rendered for.
 */
final class Readers {
  private static final String LANGUAGE_KEY = "palmares.language";
  /** A language chosen once is kept for a year: a reader should not have to choose again. */
  private static final Duration KEEP_CHOICE = Duration.ofDays(365);

  private Readers() {}

  /**
   * Router handler for every request: a {@code ?lang=} of ours is remembered in a cookie, so every
   * link of the site (none carries the parameter) keeps the reader's choice.
   */
  static void rememberChoice(RoutingContext ctx) {
    String asked = queryLang(ctx);
    Language.ofTag(asked).ifPresent(chosen -> {
      Cookie kept = ctx.request().getCookie(Language.COOKIE);
      if (kept == null || !chosen.tag().equals(kept.getValue())) {
        ctx.response().addCookie(Cookie.cookie(Language.COOKIE, chosen.tag()).setPath("/")
            .setMaxAge(KEEP_CHOICE.toSeconds()).setSameSite(CookieSameSite.LAX).setHttpOnly(true)
            .setSecure(ctx.request().isSSL()));
      }
    });
    ctx.next();
  }

  /** The reader's language: {@code ?lang=}, else the kept choice, else {@code Accept-Language} by q-values. */
  static Language language(RoutingContext ctx) {
    Language known = ctx.get(LANGUAGE_KEY);
    if (known != null) {
      return known;
    }
    Cookie kept = ctx.request().getCookie(Language.COOKIE);
    Language chosen = Language.choose(queryLang(ctx), kept == null ? null : kept.getValue(),
        ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    ctx.put(LANGUAGE_KEY, chosen);
    return chosen;
  }

  /** The page context for {@code session}'s person (null: nobody logged in). */
  static Page page(RoutingContext ctx, Sessions.Session session) {
    return new Page(language(ctx), session == null ? null
        : new Page.Viewer(session.account().name(), session.csrf()), pathWithoutLang(ctx));
  }

  /** The page context of an anonymous reader (error pages, forms before login). */
  static Page anonymousPage(RoutingContext ctx) {
    return page(ctx, null);
  }

  private static String queryLang(RoutingContext ctx) {
    try {
      return ctx.request().getParam("lang");
    } catch (IllegalArgumentException malformedQuery) {
      return null; // refused elsewhere; the refusal page still needs a language
    }
  }

  /** The path and query of the request, without its {@code lang} parameter (for the language links). */
  private static String pathWithoutLang(RoutingContext ctx) {
    String path = ctx.request().path();
    String query = ctx.request().query();
    if (path == null || !path.startsWith("/")) {
      return "/";
    }
    if (query == null || query.isEmpty()) {
      return path;
    }
    StringBuilder kept = new StringBuilder();
    for (String pair : query.split("&")) {
      if (!pair.isEmpty() && !pair.equals("lang") && !pair.startsWith("lang=")) {
        kept.append(kept.isEmpty() ? "?" : "&").append(pair);
      }
    }
    return path + kept;
  }
}
