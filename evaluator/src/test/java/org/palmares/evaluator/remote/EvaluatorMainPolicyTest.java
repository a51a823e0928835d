package org.palmares.evaluator.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A malformed policy file stops the evaluator at start, before it reaches Docker or the platform, naming the line. */
class EvaluatorMainPolicyTest {
  @Test
  void aMalformedPolicyStopsTheEvaluatorWithTheLine(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "plm_ev_x");
    Path policy = Files.writeString(dir.resolve("site-policy.yaml"),
        "site: de\nchallenges: [c]\nrelease: manualy\n");
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      // a platform nobody listens on: the evaluator must stop before trying it
      code = new CommandLine(new EvaluatorMain()).execute("--platform", "http://127.0.0.1:9/", "--token-file",
          token.toString(), "--policy", policy.toString(), "--work", dir.resolve("work").toString(), "--data",
          dir.resolve("data").toString());
    } finally {
      System.setErr(err);
    }
    assertThat(code).isEqualTo(2);
    // System.err is the JVM's: in the full suite the fuzzer's agent writes its instrumentation lines there too
    assertThat(captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("INFO: Instrumented")))
        .containsExactly("The site policy cannot be used: " + policy
            + " line 3: release must be 'automatic' or 'manual', not 'manualy'");
    assertThat(dir.resolve("work")).doesNotExist();
    assertThat(dir.resolve("data")).as("no key made under a policy that cannot be used").doesNotExist();
  }
}
