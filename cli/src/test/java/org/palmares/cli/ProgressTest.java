package org.palmares.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong(0);
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  private String text() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void outsideATerminalItPrintsAPlainLineEveryFewSeconds() {
    Progress progress = new Progress(out, false, 0, now::get);
    now.set(SECOND);
    progress.advance(1024 * 1024);
    assertThat(text()).isEmpty();
    now.set(6 * SECOND);
    progress.advance(9 * 1024 * 1024);
    now.set(10 * SECOND);
    progress.done();

    assertThat(text().lines()).containsExactly("Uploading 10.0 MiB  1.7 MiB/s  0:06", "Uploaded 10.0 MiB  1.0 MiB/s  0:10");
    assertThat(text()).doesNotContain("\r");
  }

  @Test
  void onATerminalItRedrawsOneLineWithABarAgainstTheExpectedSize() {
    Progress progress = new Progress(out, true, 100 * 1024 * 1024, now::get);
    now.set(SECOND);
    progress.advance(50 * 1024 * 1024);
    now.set(2 * SECOND);
    progress.advance(50 * 1024 * 1024);
    progress.done();

    assertThat(text()).startsWith("\rUploading [############------------]  50% 50.0 MiB of about 100.0 MiB  50.0 MiB/s  0:01")
        .contains("\rUploaded [########################] 100% 100.0 MiB  50.0 MiB/s  0:02")
        .endsWith("\n");
  }

  @Test
  void itCountsWhatIsReadThroughIt() throws Exception {
    Progress progress = new Progress(out, false, 0, now::get);
    try (InputStream in = progress.counting(new ByteArrayInputStream(new byte[300_000]))) {
      in.read();
      in.readAllBytes();
    }
    assertThat(progress.sent()).isEqualTo(300_000);
  }
}
