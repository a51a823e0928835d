package org.palmares.platform.http;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;

/** A real platform on a free port with the demo challenges and no evaluator (submissions stay queued), for page tests. */
abstract class WebPagesBase {
  static final String SLUG = "breast-cancer-diagnosis";

  @TempDir static Path work;
  static Platform platform;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false));
    http = new Http(platform.port());
  }

  @AfterAll
  static void stop() {
    platform.close();
  }
}
