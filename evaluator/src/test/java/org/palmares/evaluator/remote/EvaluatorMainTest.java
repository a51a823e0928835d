package org.palmares.evaluator.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.provenance.Signatures;
import org.palmares.evaluator.provenance.SiteKey;
import picocli.CommandLine;

class EvaluatorMainTest {

  @Test
  void printPublicKeyMakesTheSiteKeyOnceOwnerOnlyAndPrintsTheSameKeyEachTime(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("site-data");
    String first = printPublicKey(data);
    String second = printPublicKey(data);
    assertThat(first).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(second);
    Signatures.publicKey(first); // what an admin registers reads back as an Ed25519 key
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(SiteKey.FILE_NAME))))
        .isEqualTo("rw-------");
  }

  @Test
  void withoutPrintPublicKeyThePlatformMustBeGiven(@TempDir Path dir) {
    assertThat(new CommandLine(new EvaluatorMain()).execute("--data", dir.resolve("d").toString())).isEqualTo(2);
  }

  private static String printPublicKey(Path data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(new CommandLine(new EvaluatorMain()).execute("--data", data.toString(), "--print-public-key")).isZero();
    } finally {
      System.setOut(stdout);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
