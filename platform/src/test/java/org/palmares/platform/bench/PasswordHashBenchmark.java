package org.palmares.platform.bench;

import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.palmares.platform.account.Passwords;

/**
 * What one argon2id hash and one verification cost with the platform's parameters (a command, not
 * a test): the work a login, a registration or a password change asks of a worker thread, and
 * what an attacker with the database pays per guess.
 */
public final class PasswordHashBenchmark {
  private PasswordHashBenchmark() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    String hash = null;
    for (int i = 0; i < 5; i++) {
      hash = Passwords.hash("warm-up passphrase " + i);
    }
    DescriptiveStatistics hashing = new DescriptiveStatistics();
    DescriptiveStatistics verifying = new DescriptiveStatistics();
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      hash = Passwords.hash("a long passphrase " + i);
      hashing.addValue((System.nanoTime() - t) / 1e6);
      t = System.nanoTime();
      Passwords.matches("a long passphrase " + i, hash);
      verifying.addValue((System.nanoTime() - t) / 1e6);
    }
    System.out.println("| argon2id (m=19 MiB, t=2, p=1), " + runs + " runs | median ms | min ms | max ms |");
    System.out.println("|---|---|---|---|");
    for (var row : new Object[][] {{"hash", hashing}, {"verify", verifying}}) {
      DescriptiveStatistics d = (DescriptiveStatistics) row[1];
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", row[0], d.getPercentile(50), d.getMin(), d.getMax());
    }
  }
}
