package org.palmares.platform.web;

import java.util.List;
import java.util.Set;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
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
 * docs/figure.png}) is resolved against the folder the bundle's files are served from; its headings
 * move two levels down (under the page's own), and GitHub's tables are read.
 */
public final class Markdown {
  /** Tables as on GitHub, where organizers write and preview their READMEs. */
  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  /** The README's own headings sit under the page's title and section heading. */
  private static final int HEADING_SHIFT = 2;

  private Markdown() {}

  /** {@code markdown} as HTML, relative links resolved under {@code base} (a path ending in '/'). */
  public static String toHtml(String markdown, String base) {
    Node document = PARSER.parse(markdown);
    document.accept(new AbstractVisitor() {
      @Override
      public void visit(Heading heading) {
        heading.setLevel(Math.min(6, heading.getLevel() + HEADING_SHIFT));
        visitChildren(heading);
      }
    });
    HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).sanitizeUrls(true)
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
