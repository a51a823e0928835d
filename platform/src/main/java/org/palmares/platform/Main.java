package org.palmares.platform;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.palmares.platform.storage.DataFolder;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.account.AccountRepository;
import org.palmares.platform.audit.AuditLog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code palmares} command line. */
@Command(name = "palmares", mixinStandardHelpOptions = true, version = "Palmarès 0.1.0",
    description = "Self-hostable model-to-data challenge platform for AI in health.",
    subcommands = {Main.Serve.class, Main.GrantAdmin.class, Main.ResetPassword.class, Main.CreateEvaluator.class,
        Main.EvaluatorKey.class, Main.Verify.class, Main.Validate.class, RebuildBoards.class,
        org.palmares.evaluator.remote.EvaluatorMain.class, org.palmares.evaluator.site.ReleaseCli.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /** A command's work, which may stop on an unsafe data folder. */
  interface Work {
    int run() throws Exception;
  }

  /**
   * Runs {@code work}; a data folder open to other local users ends it with exit code 1 and the
   * sentence saying how to fix it, rather than a stack trace.
   */
  static int onSafeDataFolder(Work work) throws Exception {
    try {
      return work.run();
    } catch (DataFolder.UnsafeDataFolderException e) {
      System.err.println(e.getMessage());
      return 1;
    }
  }

  /** Options every command shares. */
  static class Common {
    @Option(names = "--data", defaultValue = "data", description = "Data folder (database, blobs). Default: ${DEFAULT-VALUE}")
    Path data;

    @Option(names = "--challenges", defaultValue = "challenges",
        description = "Folder of challenge bundles. Default: ${DEFAULT-VALUE}")
    Path challenges;
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Runs the platform (HTTP server, queue and, unless --no-evaluator, an in-process evaluator). "
          + "Uses MONGODB_URI when set, else an embedded database under --data.")
  static final class Serve implements Callable<Integer> {
    @CommandLine.Mixin Common common = new Common();

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--seed", description = "Folder of <challenge>/<name>.tar baseline archives to submit once")
    Path seed;

    @Option(names = "--no-evaluator", description = "Do not run an evaluator in this process")
    boolean noEvaluator;

    @Option(names = "--max-upload-mib", defaultValue = "4096", description = "Largest image archive accepted. Default: ${DEFAULT-VALUE}")
    long maxUploadMiB;

    @Option(names = "--secure-cookies",
        description = "People reach the platform over HTTPS (a TLS proxy in front): session cookies get Secure")
    boolean secureCookies;

    @Option(names = "--lease-seconds", defaultValue = "60", description = "Job lease without heartbeat. Default: ${DEFAULT-VALUE}")
    long leaseSeconds;

    @Option(names = "--max-connections-per-address", defaultValue = "100",
        description = "Open connections one client address may hold (raise it behind a reverse proxy). Default: ${DEFAULT-VALUE}")
    int maxConnectionsPerAddress;

    @Option(names = "--worker-threads", defaultValue = "20",
        description = "Threads for blocking work (database, password hashing, archives). Default: ${DEFAULT-VALUE}")
    int workerThreads;

    @Option(names = "--worker-queue", defaultValue = "200",
        description = "Blocking tasks that may wait for a thread before requests get 503. Default: ${DEFAULT-VALUE}")
    int workerQueue;

    @Option(names = "--trusted-proxies", defaultValue = "${env:PALMARES_TRUSTED_PROXIES}", paramLabel = "CIDRS",
        description = "Reverse proxies whose X-Forwarded-For gives the client's address, as comma-separated CIDR "
            + "blocks or addresses (e.g. 10.0.0.0/8,127.0.0.1). Default: none, or PALMARES_TRUSTED_PROXIES")
    String trustedProxies;

    @Option(names = "--rate-limits", defaultValue = "${env:PALMARES_RATE_LIMITS}", paramLabel = "CLASS.WHO=N/UNIT,...",
        description = "Rate limits to change, e.g. reads.address=600/minute,uploads.account=30/hour (classes: uploads, "
            + "logins, reads, streams, evaluators; who: account or address). Default: docs/security.md, or "
            + "PALMARES_RATE_LIMITS")
    String rateLimits;

    @Override
    public Integer call() throws Exception {
      org.palmares.platform.http.RateLimits rates;
      try {
        rates = org.palmares.platform.http.RateLimits.defaults().with(rateLimits)
            .withTrustedProxies(org.palmares.platform.http.TrustedProxies.parse(trustedProxies));
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      Platform.Settings settings = Platform.Settings.defaults(common.data, common.challenges)
          .withPort(port)
          .withSeedDir(seed)
          .withEmbeddedEvaluator(!noEvaluator)
          .withSecureCookies(secureCookies)
          .withMaxUploadBytes(maxUploadMiB * 1024 * 1024)
          .withLease(java.time.Duration.ofSeconds(leaseSeconds));
      Platform platform;
      try {
        platform = Platform.start(settings, org.palmares.platform.http.EdgeLimits.defaults()
            .withMaxConnectionsPerAddress(maxConnectionsPerAddress).withWorkers(workerThreads, workerQueue)
            .withRates(rates));
      } catch (DataFolder.UnsafeDataFolderException | org.palmares.platform.mail.MailSettings.InvalidMailSettingsException e) {
        System.err.println(e.getMessage());
        return 1;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        platform.close();
        stopped.countDown();
      }, "shutdown"));
      System.out.println("Palmarès is up: http://localhost:" + platform.port() + "/");
      stopped.await();
      return 0;
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Checks a challenge bundle folder (challenge.yaml against the schema, dates, metrics, files, and "
          + "the hidden data's ids) and prints every problem with its file and line. Exits 1 on any problem.")
  static final class Validate implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "BUNDLE", description = "Bundle folder (holding challenge.yaml)")
    Path bundle;

    @Option(names = "--no-hidden-data", description = "Do not read the hidden files (e.g. on the platform's side)")
    boolean noHiddenData;

    @Option(names = "--site", paramLabel = "NAME", description = "Check the copy of a multi-site challenge's bundle "
        + "that site NAME holds, with its hidden files (without it, a multi-site bundle is checked as the platform "
        + "holds it: with no hidden files)")
    String site;

    @Override
    public Integer call() {
      try {
        var challenge = site != null ? org.palmares.platform.challenge.BundleReader.readAtSite(bundle, site)
            : org.palmares.platform.challenge.BundleReader.read(bundle, !noHiddenData);
        System.out.println(bundle + ": valid (" + challenge.task() + ", " + challenge.phases().size() + " phase(s)"
            + (challenge.multiSite() ? ", sites " + String.join(", ", challenge.siteNames())
                + (site != null ? "; the copy of site " + site : "; the platform's copy, without hidden files") : "")
            + ")");
        return 0;
      } catch (org.palmares.platform.challenge.InvalidChallengeException e) {
        e.problems().forEach(p -> System.err.println(bundle.resolve(p.file()) + (p.line() > 0 ? ":" + p.line() : "")
            + ": " + p.message()));
        return 1;
      }
    }
  }

  /** What an operator's command did to an account, for the platform's audit log. */
  record Change(String action, String detail) {}

  /** An operator's change to one account. */
  interface AccountChange {
    Change apply(MongoConnection mongo, AccountRepository accounts, org.palmares.platform.account.Account account);
  }

  /**
   * Opens the database, applies {@code change} to the account with {@code email} and records it
   * in the platform's audit log as done from the command line; exit code 2 when no account has
   * that address.
   */
  static int changeAccount(Common common, String email, AccountChange change) throws Exception {
    return onSafeDataFolder(() -> changeAccountIn(common, email, change));
  }

  private static int changeAccountIn(Common common, String email, AccountChange change) throws Exception {
    try (MongoConnection mongo = MongoConnection.open(System.getenv("MONGODB_URI"), common.data)) {
      AccountRepository accounts = new AccountRepository(mongo.database());
      var account = accounts.findByEmail(email).orElse(null);
      if (account == null) {
        System.err.println("No account has the e-mail address " + email + " (people register at /register)");
        return 2;
      }
      Change done = change.apply(mongo, accounts, account);
      new AuditLog(mongo.database(), Clock.systemUTC()).record(null, "command line (" + System.getProperty("user.name")
          + ")", done.action(), account.label(), done.detail());
      return 0;
    }
  }

  @Command(name = "grant-admin", mixinStandardHelpOptions = true,
      description = "Makes a registered account a platform admin (or, with --revoke, no longer one); recorded in the "
          + "platform's audit log. Admins create challenges and appoint organizers on the API.")
  static final class GrantAdmin implements Callable<Integer> {
    @CommandLine.Mixin Common common = new Common();

    @Option(names = "--email", required = true, description = "The account's e-mail address (register on the web first)")
    String email;

    @Option(names = "--revoke", description = "Take the admin role away instead")
    boolean revoke;

    @Override
    public Integer call() throws Exception {
      return changeAccount(common, email, (mongo, accounts, account) -> {
        accounts.setAdmin(account.id(), !revoke);
        System.err.println(account.label() + (revoke ? " is no longer" : " is now") + " a platform admin.");
        return new Change(revoke ? "revoke admin" : "grant admin", null);
      });
    }
  }

  @Command(name = "reset-password", mixinStandardHelpOptions = true,
      description = "Gives an account that forgot its password a random one, printed once, and logs it out "
          + "everywhere (the platform sends no mail); recorded in the platform's audit log.")
  static final class ResetPassword implements Callable<Integer> {
    @CommandLine.Mixin Common common = new Common();

    @Option(names = "--email", required = true, description = "The account's e-mail address")
    String email;

    @Override
    public Integer call() throws Exception {
      return changeAccount(common, email, (mongo, accounts, account) -> {
        String temporary = accounts.resetPassword(account.id(), Clock.systemUTC().instant());
        new org.palmares.platform.account.Sessions(mongo.database(), accounts).closeOthers(account.id(), null);
        System.out.println(temporary);
        System.err.println("The password of " + account.label() + " is now the one above, shown once: pass it on "
            + "privately and ask them to change it on their account page.");
        return new Change("reset password", "sessions ended");
      });
    }
  }

  @Command(name = "create-evaluator", mixinStandardHelpOptions = true,
      description = "Creates a token for an evaluator at a remote site, scoped to the --challenge ones whose hidden "
          + "data the site holds (printed once, stored hashed). The site runs: palmares evaluate --platform URL "
          + "--token-file FILE --challenges DIR")
  static final class CreateEvaluator implements Callable<Integer> {
    @CommandLine.Mixin Common common = new Common();

    @Option(names = "--name", required = true, description = "The site's name")
    String name;

    @Option(names = "--challenge", required = true, description = "A challenge it evaluates (repeatable)")
    java.util.List<String> challenges;

    @Option(names = "--public-key", description = "File holding the site's public signing key (what palmares "
        + "evaluate --print-public-key prints there): its reports must then be signed with it")
    java.nio.file.Path publicKey;

    @Option(names = "--site", paramLabel = "NAME", description = "The site of the multi-site challenges it "
        + "evaluates at (one the challenges declare under sites:); it then leases only that site's evaluations. "
        + "Without it, the evaluator serves single-site challenges only")
    String site;

    @Override
    public Integer call() throws Exception {
      return onSafeDataFolder(this::create);
    }

    private int create() throws Exception {
      var catalog = org.palmares.platform.challenge.ChallengeCatalog.load(common.challenges);
      java.util.List<org.palmares.platform.challenge.Challenge> known = new java.util.ArrayList<>();
      for (String slug : challenges) {
        var found = catalog.find(slug);
        if (found.isEmpty()) { // it may be installed later: its sites cannot be checked now
          System.err.println("Warning: no challenge '" + slug + "' under " + common.challenges
              + " (--challenges DIR) yet; its sites were not checked");
        } else {
          known.add(found.get());
        }
      }
      String refused = org.palmares.platform.evaluation.EvaluatorCredentials.checkSite(known, site);
      if (refused != null) {
        System.err.println(refused);
        return 2;
      }
      String pem = publicKey == null ? null : readKey(publicKey);
      if (publicKey != null && pem == null) {
        return 2;
      }
      try (MongoConnection mongo = MongoConnection.open(System.getenv("MONGODB_URI"), common.data)) {
        var created = new org.palmares.platform.evaluation.EvaluatorCredentials(mongo.database())
            .create(name, challenges, site, pem, Clock.systemUTC().instant());
        System.out.println(created.token());
        System.err.println("Evaluator '" + name + "' (" + created.evaluator().id() + ") created for " + challenges
            + (site == null ? "" : " at site " + site)
            + (pem == null ? ", without a signing key (set one with palmares evaluator-key)" : ", its reports signed")
            + ". The token above is shown once; keep it secret.");
        return 0;
      }
    }
  }

  /** The public key in {@code file}, as PEM; null (said on stderr) when it is not an Ed25519 public key. */
  static String readKey(java.nio.file.Path file) throws java.io.IOException {
    try {
      return org.palmares.evaluator.provenance.Signatures.pem(
          org.palmares.evaluator.provenance.Signatures.publicKey(java.nio.file.Files.readString(file)));
    } catch (org.palmares.evaluator.provenance.ProvenanceException e) {
      System.err.println(file + ": " + e.getMessage());
      return null;
    }
  }

  @Command(name = "evaluator-key", mixinStandardHelpOptions = true,
      description = "Registers or rotates the public signing key of a remote site's evaluator: from then on its "
          + "reports must be signed with it. Records signed with the key it replaces still verify in exports.")
  static final class EvaluatorKey implements Callable<Integer> {
    @CommandLine.Mixin Common common = new Common();

    @Option(names = "--evaluator", required = true, description = "The evaluator's id (ev_..., printed at create-evaluator)")
    String evaluator;

    @Option(names = "--public-key", required = true, description = "File holding the site's public key "
        + "(palmares evaluate --print-public-key)")
    java.nio.file.Path publicKey;

    @Override
    public Integer call() throws Exception {
      return onSafeDataFolder(this::set);
    }

    private int set() throws Exception {
      String pem = readKey(publicKey);
      if (pem == null) {
        return 2;
      }
      try (MongoConnection mongo = MongoConnection.open(System.getenv("MONGODB_URI"), common.data)) {
        if (!new org.palmares.platform.evaluation.EvaluatorCredentials(mongo.database())
            .setPublicKey(evaluator, pem, Clock.systemUTC().instant())) {
          System.err.println("No evaluator " + evaluator);
          return 1;
        }
        System.err.println("Evaluator " + evaluator + " now signs with key "
            + org.palmares.evaluator.provenance.Signatures.keyId(
                org.palmares.evaluator.provenance.Signatures.publicKey(pem)));
        return 0;
      }
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Checks an export of a phase's signed records (GET /api/challenges/SLUG/phases/PHASE/records) "
          + "offline: every record's signature against the sites' keys it lists, and every board figure against "
          + "the records. Exits 0 when all holds, 1 naming each thing that does not.")
  static final class Verify implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "EXPORT", description = "The export file (JSON)")
    java.nio.file.Path export;

    @Override
    public Integer call() throws Exception {
      com.fasterxml.jackson.databind.JsonNode tree;
      try {
        tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(export.toFile());
      } catch (java.io.IOException e) {
        System.err.println(export + " cannot be read as JSON: " + e.getMessage());
        return 1;
      }
      var check = org.palmares.platform.evaluation.RecordExport.check(tree);
      for (String problem : check.problems()) {
        System.err.println("FAILS: " + problem);
      }
      String summary = check.records() + " signed record(s) verified, " + check.figures() + " board figure(s) "
          + "backed by them" + (check.baselines() > 0 ? ", " + check.baselines() + " baseline line(s) not checked" : "");
      if (!check.holds()) {
        System.err.println(export + " does not verify: " + check.problems().size() + " problem(s); " + summary);
        return 1;
      }
      System.out.println(export + " verifies: " + summary);
      return 0;
    }
  }
}
