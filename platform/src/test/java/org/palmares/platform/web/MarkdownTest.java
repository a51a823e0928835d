package org.palmares.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTest {
  private static final String BASE = "/challenges/demo/files/";

  @Test
  void relativeLinksAndImagesPointAtTheBundlesFiles() {
    String html = Markdown.toHtml("[train](public/train.csv) ![fig](./docs/f.png) [site](https://example.org) "
        + "[top](#data) [root](/challenges)", BASE);

    assertThat(html).contains("href=\"/challenges/demo/files/public/train.csv\"")
        .contains("src=\"/challenges/demo/files/docs/f.png\"").contains("href=\"https://example.org\"")
        .contains("href=\"#data\"").contains("href=\"/challenges\"");
  }

  @Test
  void rawHtmlAndScriptLinksFromABundleAreNotPassedThrough() {
    String html = Markdown.toHtml("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        BASE);

    assertThat(html).doesNotContain("<script>").doesNotContain("<img src=x").doesNotContain("javascript:")
        .contains("&lt;script&gt;");
  }
}
