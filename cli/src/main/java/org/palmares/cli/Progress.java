package org.palmares.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The upload's progress on the terminal: bytes sent, rate and elapsed time, with a bar against
 * the image's size when it is known (the archive is about that size). On a terminal one line is
 * redrawn in place a few times a second; elsewhere (a CI log, a pipe) a plain line is printed
 * every few seconds, so logs stay readable.
 */
final class Progress {
  private static final long TTY_EVERY_NANOS = 200_000_000L;
  private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;
  private static final int BAR = 24;

  private final PrintStream out;
  private final boolean tty;
  private final long expected;
  private final LongSupplier nanoTime;
  private final long started;
  private long sent;
  private long lastDrawn;

  /**
   * @param expected the expected total in bytes, or 0 when unknown
   * @param nanoTime the clock ({@link System#nanoTime} outside tests)
   */
  Progress(PrintStream out, boolean tty, long expected, LongSupplier nanoTime) {
    this.out = out;
    this.tty = tty;
    this.expected = expected;
    this.nanoTime = nanoTime;
    this.started = nanoTime.getAsLong();
    this.lastDrawn = started;
  }

  /** {@code in}, counting what is read from it into this progress. */
  InputStream counting(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          advance(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          advance(n);
        }
        return n;
      }
    };
  }

  synchronized void advance(long bytes) {
    sent += bytes;
    long now = nanoTime.getAsLong();
    if (now - lastDrawn >= (tty ? TTY_EVERY_NANOS : PLAIN_EVERY_NANOS)) {
      lastDrawn = now;
      draw(now, false);
    }
  }

  /** The last line, whole (and the end of the redrawn line on a terminal). */
  synchronized void done() {
    draw(nanoTime.getAsLong(), true);
  }

  synchronized long sent() {
    return sent;
  }

  private void draw(long now, boolean last) {
    double seconds = Math.max(1e-9, (now - started) / 1e9);
    StringBuilder line = new StringBuilder(last ? "Uploaded " : "Uploading ");
    if (expected > 0 && tty) {
      int filled = (int) Math.min(BAR, BAR * sent / expected);
      line.append('[').append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ")
          .append(String.format(Locale.ROOT, "%3d%% ", Math.min(last ? 100 : 99, 100 * sent / expected)));
    }
    line.append(mib(sent));
    if (expected > 0 && !last) {
      line.append(" of about ").append(mib(expected));
    }
    line.append(String.format(Locale.ROOT, "  %s/s  %d:%02d", mib((long) (sent / seconds)), (long) seconds / 60,
        (long) seconds % 60));
    if (tty) {
      out.print("\r" + line + "   " + (last ? "\n" : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
