package org.palmares.evaluator.remote;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.palmares.evaluator.Evaluator;
import org.palmares.evaluator.ResultSigner;
import org.palmares.evaluator.SiteData;
import org.palmares.evaluator.provenance.SiteKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs an evaluator at a site: {@code palmares evaluate --platform URL --token-file F --challenges DIR}.
 * The token comes from a file or the environment, never the command line (which other users can read).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Runs an evaluator next to this site's hidden data, leasing jobs from a Palmarès platform over HTTPS.")
public final class EvaluatorMain implements Callable<Integer> {
  @Option(names = "--platform", description = "The platform's URL, e.g. https://palmares.example.org/")
  URI platform;

  @Option(names = "--token-file", description = "File holding this evaluator's token (else PALMARES_EVALUATOR_TOKEN)")
  Path tokenFile;

  @Option(names = "--challenges", defaultValue = "challenges",
      description = "This site's challenge bundles, with their hidden data. Default: ${DEFAULT-VALUE}")
  Path challenges;

  @Option(names = "--work", defaultValue = "evaluator-work", description = "Folder for run outputs. Default: ${DEFAULT-VALUE}")
  Path work;

  @Option(names = "--data", defaultValue = "evaluator-data", description = "This site's own folder, readable by its "
      + "user only: its signing key (made at the first start) and its cache of image archives. Default: ${DEFAULT-VALUE}")
  Path data;

  @Option(names = "--print-public-key", description = "Prints this site's public signing key (making the key if "
      + "there is none yet) for the platform's admin to register, and exits")
  boolean printPublicKey;

  @Option(names = "--name", defaultValue = "site", description = "This evaluator's name on this engine, distinct for "
      + "each evaluator sharing a token (a start hands back the leases of earlier runs of that name). Default: ${DEFAULT-VALUE}")
  String name;

  @Option(names = "--policy", description = "This site's policy file (YAML: challenges served, ceilings, accepted "
      + "scoring images, minimum cell count, release mode; see docs/sites.md). Without it the evaluator serves "
      + "whatever the platform sends, as the platform's own does.")
  Path policyFile;

  public static void main(String[] args) {
    System.exit(new CommandLine(new EvaluatorMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    // before anything is made or run (its key, its folders): a site must never serve under a policy it did not mean
    org.palmares.evaluator.site.SitePolicy policy = null;
    if (policyFile != null) {
      try {
        policy = org.palmares.evaluator.site.PolicyFile.read(policyFile);
      } catch (org.palmares.evaluator.site.PolicyFile.PolicyFileException e) {
        System.err.println("The site policy cannot be used: " + e.getMessage());
        return 2;
      }
    }
    java.nio.file.Files.createDirectories(data);
    java.nio.file.Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    SiteKey key = SiteKey.loadOrCreate(data);
    if (printPublicKey) {
      System.out.print(key.publicKeyPem());
      System.err.println("Key id " + key.keyId() + ". Register it on the platform: palmares evaluator-key "
          + "--evaluator ID --public-key FILE (or at create-evaluator).");
      return 0;
    }
    if (platform == null) {
      System.err.println("Missing --platform URL (the platform this site serves)");
      return 2;
    }
    if (!name.matches("[A-Za-z0-9._-]{1,80}")) {
      // the name and a '#' make each run's incarnation, by which the platform tells this evaluator's runs apart
      System.err.println("--name must be 1-80 letters, digits or ._- (it was '" + name + "')");
      return 2;
    }
    String token = tokenFile != null ? java.nio.file.Files.readString(tokenFile).strip()
        : System.getenv("PALMARES_EVALUATOR_TOKEN");
    if (token == null || token.isBlank()) {
      System.err.println("No evaluator token: give --token-file or set PALMARES_EVALUATOR_TOKEN");
      return 2;
    }
    SiteChannel channel = new SiteChannel(new HttpJobChannel(platform, token),
        new ResultSigner(key, new SiteData(challenges)),
        new ImageCache(data.resolve("images"), ImageCache.defaultBudget(), Duration.ofSeconds(1)));
    Evaluator evaluator = Evaluator.onLocalEngine(name, work, challenges, channel, Duration.ofSeconds(5),
        Duration.ofSeconds(10), policy);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      evaluator.close();
      stopped.countDown();
    }, "shutdown"));
    evaluator.start();
    System.out.println("Evaluator " + name + " is leasing jobs from " + platform + (policy == null ? ""
        : " as site " + policy.site() + " (release " + policy.release().word() + ")") + "; results signed with key "
        + key.keyId());
    stopped.await();
    return 0;
  }
}
