package org.palmares.platform.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Browser;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.ScoredUploads;

/**
 * The rank statistics on the challenge page in a real browser (Debian's Chromium): the rank interval column, the
 * stability note, and the tied-for-first mark that {@code challenge.js} writes in place when a result arrives,
 * without a reload. Reports come from the evaluator's real scorer, through the queue.
 */
class BoardStatisticsBrowserIT {
  private static final String SLUG = "breast-cancer-diagnosis";

  @TempDir static Path work;
  private static Platform platform;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    platform = ScoredUploads.platformWithoutEvaluator(work);
    http = new Http(platform.port());
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private static void upload(String team, String predictions) throws Exception {
    ScoredUploads.scoredForReal(platform, http, work, SLUG, team, predictions);
  }

  @Test
  void aNearCopyOfTheLeaderArrivesAndBothAreMarkedTiedForFirstWithoutAReload() throws Exception {
    String strong = Fixtures.demoPredictions(0.6, 1);
    upload("Strong", strong);
    upload("Weak", Fixtures.demoPredictions(2.5, 2));
    try (Browser b = Browser.open("http://localhost:" + platform.port(), "board-statistics", 1280, "en")) {
      b.go("/challenges/" + SLUG + "?phase=final");
      assertThat(b.find("#public-board p.stability").isDisplayed()).isTrue();
      assertThat(b.find("#public-board p.stability .resamples").getText()).isEqualTo("1000");
      assertThat(b.all("#public-board td.rank-interval")).extracting(e -> e.getText()).containsExactly("1", "2");
      assertThat(b.all("#public-board .badge.tied")).hasSize(1);
      b.check("board-two-teams");
      b.js("window.palmaresNotReloaded = true;");

      upload("Twin", strong.replace("0.9", "0.91"));

      b.await("the twin's row, written in place", d -> d.findElements(
          By.xpath("//*[@id='public-board']//td[contains(., 'Twin')]")).size() == 1);
      b.await("two teams tied for first", d -> d.findElements(By.cssSelector("#public-board .badge.tied")).size() == 2);
      assertThat(b.js("return window.palmaresNotReloaded === true;")).isEqualTo(true);
      assertThat(b.all("#public-board td.rank-interval")).extracting(e -> e.getText()).last().isEqualTo("3");
      assertThat(b.find("#public-board p.stability").isDisplayed()).isTrue();
      b.check("board-tied");
    }
  }
}
