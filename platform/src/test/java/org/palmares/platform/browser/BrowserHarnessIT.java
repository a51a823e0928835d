package org.palmares.platform.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.palmares.platform.testing.Browser;

/**
 * The browser suite's checks can fail: a page with an image without a text alternative and a
 * block wider than a phone is refused by {@link Browser#check}, as a real page of ours would be.
 */
class BrowserHarnessIT {
  private static final String BAD_PAGE = "<!doctype html><html lang=\"en\"><head><title>bad</title></head><body><main>"
      + "<button><img src=\"x.png\"></button><div style=\"width:2000px\">wide</div></main></body></html>";

  @Test
  void aPageWithASeriousAccessibilityViolationOrWiderThanThePhoneFailsTheCheck() throws Exception {
    try (Browser b = Browser.open("http://localhost:1", "harness", Browser.PHONE_WIDTH, "en")) {
      b.driver().get("data:text/html;charset=utf-8," + URLEncoder.encode(BAD_PAGE, StandardCharsets.UTF_8)
          .replace("+", "%20"));

      assertThat(b.seriousViolations()).anySatisfy(v -> assertThat(v).startsWith("button-name"));
      assertThatThrownBy(() -> b.check("bad-page")).isInstanceOf(AssertionError.class)
          .hasMessageContaining("page width at a 390 px window");
      assertThat((Long) b.js("return window.innerWidth;")).isEqualTo(Browser.PHONE_WIDTH);
    }
  }
}
