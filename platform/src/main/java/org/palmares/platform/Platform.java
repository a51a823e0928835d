package org.palmares.platform;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.palmares.evaluator.Evaluator;
import org.palmares.evaluator.sandbox.ImageArchive;
import org.palmares.platform.audit.AuditLog;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.ChallengeService;
import org.palmares.platform.challenge.HiddenDataExposure;
import org.palmares.platform.challenge.ChallengeVersionRepository;
import org.palmares.platform.account.AccessTokens;
import org.palmares.platform.account.AccountRepository;
import org.palmares.platform.account.PasswordResets;
import org.palmares.platform.mail.MailSettings;
import org.palmares.platform.mail.Mailer;
import org.palmares.platform.account.LoginThrottle;
import org.palmares.platform.account.Sessions;
import org.palmares.platform.http.EdgeLimits;
import org.palmares.platform.http.Services;
import org.palmares.platform.http.WorkerPool;
import org.palmares.platform.organizer.OrganizerService;
import org.palmares.platform.team.NextStep;
import org.palmares.platform.team.RulesAcceptances;
import org.palmares.platform.team.TeamService;
import org.palmares.platform.evaluation.EvaluatorCredentials;
import org.palmares.platform.evaluation.ResultRecords;
import org.palmares.platform.evaluation.LocalJobChannel;
import org.palmares.platform.http.PlatformVerticle;
import org.palmares.platform.leaderboard.BoardStore;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.storage.DataFolder;
import org.palmares.platform.storage.Migrations;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.submission.LiveJobsMigration;
import org.palmares.platform.submission.SubmissionRepository;
import org.palmares.platform.submission.SubmissionService;
import org.palmares.platform.team.Team;
import org.palmares.platform.team.TeamRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running platform: database, blob store, challenges, queue, HTTP server and (by default)
 * the in-process evaluator. Built from {@link Settings}; closed in reverse order.
 */
public final class Platform implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
  /**
   * How often the in-process evaluator asks for work unasked: it is woken by every new or
   * re-queued job ({@link SubmissionService#onWorkAvailable}), so this is a safety net only.
   */
  static final Duration LOCAL_EVALUATOR_SAFETY_POLL = Duration.ofMinutes(5);

  /**
   * How to run.
   *
   * @param port              HTTP port (0 picks a free one)
   * @param dataDir           database, blobs and evaluator work folders
   * @param challengesDir     challenge bundles
   * @param mongoUri          a MongoDB to use instead of the embedded one, or null
   * @param maxUploadBytes    largest accepted image archive
   * @param leaseDuration     how long a job lease lasts without heartbeat
   * @param maxAttempts       leases a submission gets before failing for good
   * @param embeddedEvaluator whether to run an evaluator in this process
   * @param seedDir           folder of {@code <slug>/<name>.tar} baseline archives to submit once, or null
   * @param secureCookies     whether people reach the platform over HTTPS (a TLS proxy in front): cookies get {@code Secure}
   */
  public record Settings(int port, Path dataDir, Path challengesDir, String mongoUri, long maxUploadBytes,
      Duration leaseDuration, int maxAttempts, boolean embeddedEvaluator, Path seedDir, boolean secureCookies) {

    public static Settings defaults(Path dataDir, Path challengesDir) {
      return new Settings(8080, dataDir, challengesDir, System.getenv("MONGODB_URI"), 4L * 1024 * 1024 * 1024,
          Duration.ofSeconds(60), 3, true, null, false);
    }

    public Settings withPort(int p) {
      return new Settings(p, dataDir, challengesDir, mongoUri, maxUploadBytes, leaseDuration, maxAttempts,
          embeddedEvaluator, seedDir, secureCookies);
    }

    public Settings withLease(Duration lease) {
      return new Settings(port, dataDir, challengesDir, mongoUri, maxUploadBytes, lease, maxAttempts,
          embeddedEvaluator, seedDir, secureCookies);
    }

    public Settings withMaxUploadBytes(long max) {
      return new Settings(port, dataDir, challengesDir, mongoUri, max, leaseDuration, maxAttempts,
          embeddedEvaluator, seedDir, secureCookies);
    }

    public Settings withSeedDir(Path seeds) {
      return new Settings(port, dataDir, challengesDir, mongoUri, maxUploadBytes, leaseDuration, maxAttempts,
          embeddedEvaluator, seeds, secureCookies);
    }

    public Settings withSecureCookies(boolean secure) {
      return new Settings(port, dataDir, challengesDir, mongoUri, maxUploadBytes, leaseDuration, maxAttempts,
          embeddedEvaluator, seedDir, secure);
    }

    public Settings withEmbeddedEvaluator(boolean embedded) {
      return new Settings(port, dataDir, challengesDir, mongoUri, maxUploadBytes, leaseDuration, maxAttempts,
          embedded, seedDir, secureCookies);
    }
  }

  private final MongoConnection mongo;
  private final Vertx vertx;
  private final PlatformVerticle http;
  private final Evaluator evaluator;
  private final ChallengeCatalog catalog;
  private final Services services;

  private Platform(MongoConnection mongo, Vertx vertx, PlatformVerticle http, Evaluator evaluator, Services services) {
    this.mongo = mongo;
    this.vertx = vertx;
    this.http = http;
    this.evaluator = evaluator;
    this.services = services;
    this.catalog = services.challenges();
  }

  public static Platform start(Settings settings) throws Exception {
    return start(settings, EdgeLimits.defaults());
  }

  /** Starts with the HTTP edge's timeouts, connection cap and worker pool set by {@code edge}. */
  public static Platform start(Settings settings, EdgeLimits edge) throws Exception {
    return start(settings, edge, Clock.systemUTC());
  }

  /**
   * Starts on {@code clock}: leases, expiries and timestamps read it, so a test moves time (a site
   * away for hours) without sleeping.
   */
  public static Platform start(Settings settings, EdgeLimits edge, Clock clock) throws Exception {
    DataFolder data = DataFolder.open(settings.dataDir());
    MongoConnection mongo = MongoConnection.open(settings.mongoUri(), data);
    try {
      BlobStore blobs = new BlobStore(data.blobs());
      blobs.clearIncoming();
      ChallengeCatalog catalog = ChallengeCatalog.load(settings.challengesDir());
      for (HiddenDataExposure exposed : HiddenDataExposure.of(catalog)) {
        LOG.warn(exposed.warning());
      }
      // before anything reads the data: numbered migrations (an older data folder's shape)
      Migrations.run(mongo.database(), List.of(new LiveJobsMigration()), clock);
      TeamRepository teams = new TeamRepository(mongo.database());
      SubmissionRepository repository = new SubmissionRepository(mongo.database());
      repository.archiveFinished(); // results recorded on their jobs just before a stop
      BoardStore leaderboards = Boards.open(mongo.database(), repository, catalog);
      SubmissionService submissions = new SubmissionService(repository, blobs,
          new SubmissionService.QueueSettings(settings.leaseDuration(), settings.maxAttempts()), clock, leaderboards);
      submissions.returnAbandonedSlots(); // uploads cut short by a crash hold quota slots: give them back
      AccountRepository accounts = new AccountRepository(mongo.database());
      Sessions sessions = new Sessions(mongo.database(), accounts);
      TeamService teamService = new TeamService(teams, new RulesAcceptances(mongo.database()),
          repository::teamHasSubmitted, clock);
      EvaluatorCredentials evaluatorCredentials = new EvaluatorCredentials(mongo.database());
      ChallengeService challengeService = new ChallengeService(catalog,
          new ChallengeVersionRepository(mongo.database()), repository::countScored,
          data.staging(), clock);
      challengeService.recordDiskVersions();

      java.util.Optional<MailSettings> mail = MailSettings.fromEnvironment(System.getenv()); // refused before anything runs
      Vertx vertx = Vertx.vertx();
      Mailer mailer = mail.map(settingsOfMail -> new Mailer(vertx, settingsOfMail)).orElse(null);
      LOG.info(mailer == null ? "No SMTP relay (PALMARES_SMTP_HOST): forgotten passwords are reset with palmares reset-password"
          : "Password-reset links are mailed through " + mailer.settings().host());
      PasswordResets passwordResets = new PasswordResets(mongo.database(), accounts, sessions, mailer);
      AccessTokens tokens = new AccessTokens(mongo.database(), accounts);
      AuditLog audit = new AuditLog(mongo.database(), clock);
      Services services = new Services(catalog, challengeService, accounts,
          tokens, sessions, new LoginThrottle(clock), teams, teamService,
          submissions, leaderboards, blobs, evaluatorCredentials, audit, clock,
          passwordResets, new OrganizerService(catalog, challengeService, submissions, accounts, blobs, audit),
          new NextStep(catalog, teamService, tokens, clock), new ResultRecords(mongo.database()));
      PlatformVerticle http = new PlatformVerticle(settings.port(), settings.maxUploadBytes(),
          settings.secureCookies(), services, edge);
      vertx.deployVerticle(http).await(30, TimeUnit.SECONDS);
      // After the HTTP server listens: the engine's client and its start (orphan reaping, capacity)
      // take seconds that no request needs; work queued meanwhile waits for its first lease.
      Evaluator evaluator;
      try {
        evaluator = settings.embeddedEvaluator() ? embeddedEvaluator(settings, data, submissions) : null;
      } catch (Exception | Error e) {
        vertx.close().await(30, TimeUnit.SECONDS);
        throw e;
      }
      long every = Math.max(1000, settings.leaseDuration().toMillis() / 4);
      PeriodicTask.every(vertx, Duration.ofMillis(every), "Lease expiry", submissions::expireLeases);
      PeriodicTask.every(vertx, Duration.ofMillis(every), "Quota reconciliation", submissions::returnUnusedSlots);
      PeriodicTask.every(vertx, Duration.ofHours(1), "Session purge", () -> sessions.purgeExpired(clock.instant()));
      PeriodicTask.every(vertx, Duration.ofHours(1), "Reset link purge", () -> passwordResets.purgeExpired(clock.instant()));
      LOG.info("Platform up with the {}; {} challenge(s)", mongo.description(), catalog.all().size());
      Platform platform = new Platform(mongo, vertx, http, evaluator, services);
      if (settings.seedDir() != null) {
        Thread.ofVirtual().name("seed-baselines").start(() -> platform.seed(settings.seedDir()));
      }
      return platform;
    } catch (Exception | Error e) {
      mongo.close();
      throw e;
    }
  }

  private static Evaluator embeddedEvaluator(Settings settings, DataFolder data, SubmissionService submissions)
      throws IOException {
    // Stable for one data folder (its orphans are found after a restart), distinct across platforms
    // sharing an engine (one must not reap the other's running sandboxes).
    String name = "local-" + DigestUtils.sha256Hex(settings.dataDir().toAbsolutePath().normalize().toString())
        .substring(0, 12);
    Evaluator evaluator = Evaluator.onLocalEngine(name, data.evaluatorWork(),
        settings.challengesDir(), new LocalJobChannel(submissions), LOCAL_EVALUATOR_SAFETY_POLL,
        settings.leaseDuration().dividedBy(6));
    submissions.onWorkAvailable(evaluator::wakeUp);
    evaluator.start();
    return evaluator;
  }

  /** Submits each seed archive once, as a team named {@code baseline-<file name>}. */
  private void seed(Path seedDir) {
    for (Challenge challenge : catalog.all()) {
      Path dir = seedDir.resolve(challenge.slug());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> archives;
      try (Stream<Path> files = Files.list(dir)) {
        archives = files.filter(p -> p.getFileName().toString().matches(".+\\.tar(\\.gz)?")).sorted().toList();
      } catch (IOException e) {
        LOG.warn("Cannot list seed folder {}: {}", dir, e.getMessage());
        continue;
      }
      for (Path archive : archives) {
        String file = archive.getFileName().toString().replaceAll("\\.tar(\\.gz)?$", "");
        // <phase>--<name>.tar goes to that phase (an image challenge's segmentation and grading baselines)
        int sep = file.indexOf("--");
        String phase = sep > 0 && challenge.phase(file.substring(0, sep)).isPresent() ? file.substring(0, sep)
            : seedPhase(challenge);
        String name = "baseline-" + (sep > 0 ? file.substring(sep + 2) : file);
        try {
          Team team = services.teams().findOrCreateInternal(challenge.slug(), name, Clock.systemUTC().instant());
          SubmissionService submissions = services.submissions();
          if (submissions.alreadySubmitted(challenge.slug(), team.id(), sha256(archive))) {
            continue;
          }
          try (InputStream in = Files.newInputStream(archive)) {
            submissions.submit(challenge, phase, team, in);
          }
        } catch (IOException | ImageArchive.InvalidImageArchiveException | RuntimeException e) {
          LOG.warn("Baseline {} not submitted: {}", archive, e.getMessage());
        }
      }
    }
  }

  /** Baselines go to the phase spectators see by default (the main open one). */
  private static String seedPhase(Challenge challenge) {
    return challenge.currentPhaseAt(java.time.Instant.now()).name();
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return DigestUtils.sha256Hex(in);
    }
  }

  /** Every HTTP route, as {@code METHOD path}. */
  public java.util.List<String> routes() {
    return http.routes();
  }

  /** The bounded pool that runs the HTTP edge's blocking work. */
  public WorkerPool workers() {
    return http.workers();
  }

  public int port() {
    return http.actualPort();
  }

  /** The platform's services (accounts, teams, submissions...), as the HTTP edge uses them. */
  public Services services() {
    return services;
  }

  public EvaluatorCredentials evaluatorCredentials() {
    return services.evaluatorCredentials();
  }

  public SubmissionService submissions() {
    return services.submissions();
  }

  public ChallengeCatalog challenges() {
    return catalog;
  }

  @Override
  public void close() {
    if (evaluator != null) {
      evaluator.close();
    }
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly: {}", e.toString());
    }
    mongo.close();
  }
}
