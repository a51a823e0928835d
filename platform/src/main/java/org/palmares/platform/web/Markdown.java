package org.palmares.platform.web;

import java.util.Set;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown written by organizers (a challenge's README) as HTML, with commonmark-java: raw HTML in
 * the text is escaped, not passed through, and links keep only safe schemes, so a bundle cannot
 * put a script on the site. A relative link or image ({@code public/train.csv}, {@code
 * docs/figure.png}) is resolved against the folder the bundle's files are served from.
 */
public final class Markdown {
  private static final Parser PARSER = Parser.builder().build();

  private Markdown() {}

  /** {@code markdown} as HTML, relative links resolved under {@code base} (a path ending in '/'). */
  public static String toHtml(String markdown, String base) {
    Node document = PARSER.parse(markdown);
    HtmlRenderer renderer = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
        .attributeProviderFactory(context -> new RelativeLinks(base)).build();
    return renderer.render(document);
  }

  /** Rewrites relative {@code href} and {@code src} under the bundle's file folder. */
  private record RelativeLinks(String base) implements AttributeProvider {
    private static final Set<String> ABSOLUTE_STARTS = Set.of("/", "#", "?");

    @Override
    public void setAttributes(Node node, String tagName, java.util.Map<String, String> attributes) {
      String name = node instanceof Link ? "href" : node instanceof Image ? "src" : null;
      if (name == null) {
        return;
      }
      String url = attributes.get(name);
      if (url == null || url.isEmpty() || url.contains(":") || ABSOLUTE_STARTS.contains(url.substring(0, 1))) {
        return; // absolute (with a scheme, sanitized by the renderer), site-absolute, or a fragment
      }
      attributes.put(name, base + (url.startsWith("./") ? url.substring(2) : url));
    }
  }
}
