package org.palmares.evaluator.site;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small page for the site's operator, bound to 127.0.0.1 only, over the same outbox as
 * {@link ReleaseCli}: the waiting results, each with exactly the bytes an approval sends (and a raw
 * view of them), and approve / reject buttons. Started by {@code palmares release serve}, as the
 * account that owns the outbox; the evaluator itself opens no port.
 *
 * <p>Loopback is not a boundary on its own: every local user, and any web page open in the
 * operator's browser, can reach 127.0.0.1. So every request must carry the key printed at start
 * (random, 256 bits, in the URL and in each form), and the {@code Host} must be the loopback
 * address (a DNS-rebound name is refused).
 */
public final class ReleasePage implements AutoCloseable {
  private final Outbox outbox;
  private final HttpServer server;
  private final String key;

  private ReleasePage(Outbox outbox, int port) throws IOException {
    this.outbox = outbox;
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    this.key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::handle);
  }

  /** Starts the page on 127.0.0.1:{@code port} (0: any free port). */
  public static ReleasePage start(Outbox outbox, int port) throws IOException {
    ReleasePage page = new ReleasePage(outbox, port);
    page.server.start();
    return page;
  }

  /** The address to open, with the key. */
  public String url() {
    return "http://127.0.0.1:" + port() + "/?key=" + key;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String host = ex.getRequestHeaders().getFirst("Host");
      if (host == null || !(host.equals("127.0.0.1:" + port()) || host.equals("localhost:" + port()))) {
        send(ex, 403, "text/plain", "This page answers on 127.0.0.1 only.");
        return;
      }
      Map<String, String> params = query(ex.getRequestURI().getRawQuery());
      if ("POST".equals(ex.getRequestMethod())) {
        byte[] body = ex.getRequestBody().readNBytes(4096);
        params.putAll(query(new String(body, StandardCharsets.UTF_8)));
      }
      if (!MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
          params.getOrDefault("key", "").getBytes(StandardCharsets.UTF_8))) {
        send(ex, 403, "text/plain", "Open the address printed by 'palmares release serve' (it carries the key).");
        return;
      }
      String path = ex.getRequestURI().getPath();
      if ("GET".equals(ex.getRequestMethod()) && path.equals("/")) {
        send(ex, 200, "text/html", list());
      } else if ("GET".equals(ex.getRequestMethod()) && path.startsWith("/raw/")) {
        Optional<Outbox.Entry> entry = outbox.find(path.substring(5));
        if (entry.isEmpty()) {
          send(ex, 404, "text/plain", "No such result.");
        } else {
          send(ex, 200, "text/plain", entry.get().approval());
        }
      } else if ("GET".equals(ex.getRequestMethod()) && path.startsWith("/show/")) {
        Optional<Outbox.Entry> entry = outbox.find(path.substring(6));
        if (entry.isEmpty()) {
          send(ex, 404, "text/plain", "No such result.");
        } else {
          send(ex, 200, "text/html", show(entry.get()));
        }
      } else if ("POST".equals(ex.getRequestMethod()) && path.equals("/decide")) {
        String id = params.getOrDefault("id", "");
        String decision = params.getOrDefault("decision", "");
        if (!decision.equals("approve") && !decision.equals("reject")) {
          send(ex, 400, "text/plain", "decision must be approve or reject");
          return;
        }
        String problem = outbox.decide(id, decision.equals("approve"));
        if (problem != null) {
          send(ex, 409, "text/plain", problem);
          return;
        }
        ex.getResponseHeaders().set("Location", "/show/" + id + "?key=" + key);
        ex.sendResponseHeaders(303, -1);
      } else {
        send(ex, 404, "text/plain", "Not found.");
      }
    }
  }

  private String list() throws IOException {
    StringBuilder html = new StringBuilder(head("Results waiting at this site"));
    html.append("<table><tr><th>Result</th><th>Challenge / phase</th><th>State</th><th>Held since</th></tr>");
    for (Outbox.Entry e : outbox.entries()) {
      html.append("<tr><td><a href=\"/show/").append(e.id()).append("?key=").append(key).append("\">")
          .append(e.id()).append("</a></td><td>").append(escape(e.job().spec().challenge() + " / "
              + e.job().spec().phase())).append("</td><td>").append(e.state().name().toLowerCase(java.util.Locale.ROOT))
          .append("</td><td>").append(e.heldAt()).append("</td></tr>");
    }
    return html.append("</table></body></html>").toString();
  }

  private String show(Outbox.Entry e) {
    StringBuilder html = new StringBuilder(head("Result " + e.id()));
    html.append("<p><a href=\"/?key=").append(key).append("\">All results</a> · State: ")
        .append(e.state().name().toLowerCase(java.util.Locale.ROOT)).append("</p>")
        .append("<p>Approving sends exactly these bytes to the platform (<a href=\"/raw/").append(e.id())
        .append("?key=").append(key).append("\">raw</a>):</p><pre>")
        .append(escape(new String(e.approval(), StandardCharsets.UTF_8))).append("</pre>");
    if (e.state() == Outbox.State.AWAITING_DECISION) {
      for (String d : new String[] {"approve", "reject"}) {
        html.append("<form method=\"post\" action=\"/decide\"><input type=\"hidden\" name=\"key\" value=\"")
            .append(key).append("\"><input type=\"hidden\" name=\"id\" value=\"").append(e.id())
            .append("\"><input type=\"hidden\" name=\"decision\" value=\"").append(d).append("\"><button>")
            .append(d.equals("approve") ? "Approve: send these bytes" : "Reject: withhold the result")
            .append("</button></form>");
      }
    } else if (e.outcome() != null) {
      html.append("<p>").append(escape(e.outcome())).append("</p>");
    }
    return html.append("</body></html>").toString();
  }

  private static String head(String title) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title></head><body><h1>" + escape(title) + "</h1>";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Content-Security-Policy",
        "default-src 'none'; form-action 'self'; frame-ancestors 'none'");
    ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }
}
