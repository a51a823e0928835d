package org.palmares.platform;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.team.TeamRepository;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code palmares} command line. */
@Command(name = "palmares", mixinStandardHelpOptions = true, version = "Palmarès 0.1.0",
    description = "Self-hostable model-to-data challenge platform for AI in health.",
    subcommands = {Main.Serve.class, Main.CreateTeam.class, Main.CreateOrganizer.class, Main.CreateEvaluator.class,
        Main.Validate.class, org.palmares.evaluator.remote.EvaluatorMain.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
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

    @Option(names = "--lease-seconds", defaultValue = "60", description = "Job lease without heartbeat. Default: ${DEFAULT-VALUE}")
    long leaseSeconds;

    @Override
    public Integer call() throws Exception {
      Platform.Settings settings = Platform.Settings.defaults(common.data, common.challenges)
          .withPort(port)
          .withSeedDir(seed)
          .withEmbeddedEvaluator(!noEvaluator)
          .withMaxUploadBytes(maxUploadMiB * 1024 * 1024)
          .withLease(java.time.Duration.ofSeconds(leaseSeconds));
      Platform platform = Platform.start(settings);
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

    @Override
    public Integer call() {
      try {
        var challenge = org.palmares.platform.challenge.BundleReader.read(bundle, !noHiddenData);
        System.out.println(bundle + ": valid (" + challenge.task() + ", " + challenge.phases().size() + " phase(s))");
        return 0;
      } catch (org.palmares.platform.challenge.InvalidChallengeException e) {
        e.problems().forEach(p -> System.err.println(bundle.resolve(p.file()) + (p.line() > 0 ? ":" + p.line() : "")
            + ": " + p.message()));
        return 1;
      }
    }
  }

  @Command(name = "create-organizer", mixinStandardHelpOptions = true,
      description = "Creates an organizer token (printed once, stored hashed): --admin may create challenges and "
          + "manage all; otherwise it manages the --challenge ones.")
  static final class CreateOrganizer implements Callable<Integer> {
    @CommandLine.Mixin Common common = new Common();

    @Option(names = "--name", required = true, description = "Who (recorded with every change)")
    String name;

    @Option(names = "--admin", description = "May create challenges and manage every one")
    boolean admin;

    @Option(names = "--challenge", description = "A challenge this organizer manages (repeatable)")
    java.util.List<String> challenges = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
      try (MongoConnection mongo = MongoConnection.open(System.getenv("MONGODB_URI"), common.data)) {
        var created = new org.palmares.platform.organizer.OrganizerRepository(mongo.database())
            .create(name, admin, challenges, Clock.systemUTC().instant());
        System.out.println(created.token());
        System.err.println("Organizer '" + name + "' created" + (admin ? " (admin)" : " for " + challenges)
            + ". The token above is shown once; keep it secret.");
        return 0;
      }
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

    @Override
    public Integer call() throws Exception {
      try (MongoConnection mongo = MongoConnection.open(System.getenv("MONGODB_URI"), common.data)) {
        var created = new org.palmares.platform.evaluation.EvaluatorCredentials(mongo.database())
            .create(name, challenges, Clock.systemUTC().instant());
        System.out.println(created.token());
        System.err.println("Evaluator '" + name + "' created for " + challenges
            + ". The token above is shown once; keep it secret.");
        return 0;
      }
    }
  }

  @Command(name = "create-team", mixinStandardHelpOptions = true,
      description = "Creates a team for a challenge and prints its token once (only its hash is stored).")
  static final class CreateTeam implements Callable<Integer> {
    @CommandLine.Mixin Common common = new Common();

    @Option(names = "--challenge", required = true, description = "Challenge slug")
    String challenge;

    @Option(names = "--name", required = true, description = "Team name")
    String name;

    @Override
    public Integer call() throws Exception {
      if (ChallengeCatalog.load(common.challenges).find(challenge).isEmpty()) {
        System.err.println("There is no challenge '" + challenge + "' under " + common.challenges);
        return 2;
      }
      try (MongoConnection mongo = MongoConnection.open(System.getenv("MONGODB_URI"), common.data)) {
        TeamRepository.Created created = new TeamRepository(mongo.database())
            .create(challenge, name, Clock.systemUTC().instant());
        System.out.println(created.token());
        System.err.println("Team '" + name + "' created for " + challenge
            + ". The token above is shown once; keep it secret.");
        return 0;
      } catch (IllegalArgumentException | IllegalStateException e) {
        System.err.println(e.getMessage());
        return 2;
      }
    }
  }
}
