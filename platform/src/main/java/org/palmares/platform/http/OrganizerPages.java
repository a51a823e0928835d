package org.palmares.platform.http;

import static org.palmares.platform.http.Edge.blocking;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.commons.codec.digest.DigestUtils;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.SplitScores;
import org.palmares.platform.account.Account;
import org.palmares.platform.account.Sessions;
import org.palmares.platform.challenge.BundleArchive;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeChangeRefusedException;
import org.palmares.platform.challenge.ChallengeVersion;
import org.palmares.platform.challenge.InvalidChallengeException;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.organizer.OrganizerException;
import org.palmares.platform.submission.FeedbackPolicy;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionStatus;
import org.palmares.platform.web.Messages;
import org.palmares.platform.web.OrganizerView;
import org.palmares.platform.web.Page;
import org.palmares.platform.web.Templates;

/**
 * The organizer's pages of a challenge ({@code /organize/<slug>}), by session cookie: every
 * submission of a phase with both parts' scores and the logs, disqualify (with a reason) and
 * re-run, the audit log, and a bundle upload from the browser whose refusal lists every problem
 * with its file and line. The use cases are {@link org.palmares.platform.organizer.OrganizerService}'s,
 * the same the organizer API calls; forms answer with a redirect (POST-redirect-GET), except a
 * refused bundle, whose problems are shown at once.
 */
final class OrganizerPages {
  /** A bundle archive sent from the browser: as large as the API accepts from a terminal. */
  private final long maxBundleBytes;
  private final Vertx vertx;
  private final Services s;
  private final Callers callers;

  OrganizerPages(Vertx vertx, Services services, Callers callers, long maxBundleBytes) {
    this.vertx = vertx;
    this.s = services;
    this.callers = callers;
    this.maxBundleBytes = maxBundleBytes;
  }

  void mount(Router router, Guards guards) {
    // a multipart form streamed to the blob store's owner-only incoming folder, never held in memory
    BodyHandler bundleForm = BodyHandler.create(s.blobs().incomingFolder().toString()).setBodyLimit(maxBundleBytes)
        .setDeleteUploadedFilesOnEnd(true);
    router.get("/organize/:slug").handler(this::challenge);
    router.post("/organize/:slug/submissions/:id/disqualify").handler(guards.small()).handler(this::disqualify);
    router.post("/organize/:slug/submissions/:id/rerun").handler(guards.small()).handler(this::rerun);
    // the rate limit and the organizer's session are checked before any byte of the archive is received
    router.post("/organize/:slug/bundle").handler(guards.uploads()).handler(this::mayUpload);
    router.post("/organize/:slug/bundle").handler(bundleForm).handler(this::bundle);
  }

  private void challenge(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, s.challenges());
    Phase phase = Edge.phase(ctx, c, s.clock().instant());
    String before = Edge.before(ctx);
    blocking(vertx, () -> {
      Sessions.Session session = callers.session(ctx).orElse(null);
      return session == null ? null : page(ctx, session, c, phase, before, List.of());
    }).onSuccess(page -> {
      if (page == null) {
        Edge.redirect(ctx, "/login?next=/organize/" + c.slug());
      } else {
        Edge.html(ctx, 200, page);
      }
    }).onFailure(ctx::fail);
  }

  private void disqualify(RoutingContext ctx) {
    String reason = ctx.request().getFormAttribute("reason");
    onForm(ctx, (who, id) -> messages(ctx).t("organizer.done.disqualify",
        s.organizers().disqualify(who, id, reason).id()));
  }

  private void rerun(RoutingContext ctx) {
    onForm(ctx, (who, id) -> messages(ctx).t("organizer.done.rerun", s.organizers().rerun(who, id).id()));
  }

  /** Lets the archive in only for a session of someone who may install this challenge's bundles (CSRF comes after, with the form). */
  private void mayUpload(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, s.challenges());
    ctx.request().pause();
    blocking(vertx, () -> {
      Sessions.Session session = callers.session(ctx).orElseThrow(() -> new ApiException(401, "not_logged_in",
          "log in first"));
      s.organizers().mayInstall(session.account(), c.slug());
      return session;
    }).onSuccess(session -> ctx.next()).onFailure(ctx::fail);
  }

  /**
   * Installs the uploaded bundle; a refused one comes back as this page (422) with every problem
   * at file:line, and nothing changed.
   */
  private void bundle(RoutingContext ctx) {
    Challenge c = Edge.challenge(ctx, s.challenges());
    List<FileUpload> files = ctx.fileUploads();
    blocking(vertx, () -> {
      Sessions.Session session = callers.sessionOfForm(ctx);
      Account who = session.account();
      s.organizers().mayInstall(who, c.slug());
      FileUpload file = files.stream().filter(f -> "bundle".equals(f.name())).findFirst().orElse(null);
      if (file == null || file.size() == 0) {
        throw new ApiException(400, "invalid_request", "choose the bundle archive to send")
            .localized("organizer.bundle.missing");
      }
      Path upload = s.blobs().newIncomingFile();
      Files.move(Path.of(file.uploadedFileName()), upload, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      String sha256;
      try (InputStream in = Files.newInputStream(upload)) {
        sha256 = DigestUtils.sha256Hex(in);
      }
      try {
        ChallengeVersion version = s.organizers().install(who, c.slug(), upload, sha256);
        s.sessions().flash(session.key(), messages(ctx).t("organizer.bundle.installed", version.version()));
        return null;
      } catch (InvalidChallengeException invalid) {
        return page(ctx, session, c, c.currentPhaseAt(s.clock().instant()), null,
            invalid.problems().stream().map(Object::toString).toList());
      } catch (BundleArchive.InvalidBundleArchiveException | ChallengeChangeRefusedException refused) {
        s.sessions().flash(session.key(), "⚠ " + messages(ctx).t("organizer.bundle.refused", refused.getMessage()));
        return null;
      } finally {
        Files.deleteIfExists(upload);
      }
    }).onSuccess(problems -> {
      if (problems == null) {
        Edge.redirect(ctx, "/organize/" + c.slug() + "#bundle");
      } else {
        Edge.html(ctx, 422, problems);
      }
    }).onFailure(ctx::fail);
  }

  /** A form about one submission: the action's sentence, or its refusal, shown once on the challenge's page. */
  private void onForm(RoutingContext ctx, BiFunction<Account, String, String> action) {
    Challenge c = Edge.challenge(ctx, s.challenges());
    String id = ctx.pathParam("id");
    Messages m = messages(ctx);
    blocking(vertx, () -> {
      Sessions.Session session = callers.sessionOfForm(ctx);
      if (!session.account().manages(c.slug())) {
        throw new OrganizerException(OrganizerException.Reason.NOT_ORGANIZER, "you do not organize challenge "
            + c.slug());
      }
      Submission target = s.organizers().submission(session.account(), id);
      if (!target.challenge().equals(c.slug())) { // a submission of another challenge the person organizes
        throw new OrganizerException(OrganizerException.Reason.NO_SUBMISSION, "no submission " + id + " in " + c.slug());
      }
      String said;
      try {
        said = action.apply(session.account(), id);
      } catch (OrganizerException refused) {
        said = "⚠ " + Failures.message(Failures.refusal(refused), m);
      }
      s.sessions().flash(session.key(), said);
      return "/organize/" + c.slug() + "?phase=" + target.phase() + "#" + id;
    }).onSuccess(to -> Edge.redirect(ctx, to)).onFailure(ctx::fail);
  }

  /** Blocking: the page for {@code session}'s person, who must organize {@code c}. */
  private Buffer page(RoutingContext ctx, Sessions.Session session, Challenge c, Phase phase, String before,
      List<String> problems) {
    Account who = session.account();
    Page page = Readers.page(ctx, session);
    var listed = s.organizers().submissions(who, c, phase, before);
    List<OrganizerView.Row> rows = listed.submissions().stream().map(this::row).toList();
    List<OrganizerView.AuditLine> audit = s.organizers().audit(who, c).stream()
        .map(e -> new OrganizerView.AuditLine(e.at().toString(), e.who(), e.action(), e.target(), e.detail())).toList();
    OrganizerView view = new OrganizerView(c.slug(), c.title().in(page.lang()), phase.name(),
        c.phases().stream().map(Phase::name).toList(), rows, before != null, listed.next(), audit, session.csrf(), session.flash(), problems);
    return Templates.render("organizer/challenge.jte", page, "view", view);
  }

  private OrganizerView.Row row(Submission sub) {
    FeedbackPolicy.View run = FeedbackPolicy.ORGANIZER.view(sub);
    boolean finished = sub.status() == SubmissionStatus.SCORED || sub.status() == SubmissionStatus.FAILED;
    return new OrganizerView.Row(sub.id(), sub.createdAt().toString(), sub.teamName(), sub.submittedBy(),
        sub.status().name(), run.message(), scores(sub.scores() == null ? null : sub.scores().publicPart()),
        scores(sub.scores() == null ? null : sub.scores().privatePart()), sub.imageId(), run.logTail(),
        sub.disqualified(), finished);
  }

  /** Each metric of a part as {@code name value [low, high]}, with the full precision organizers may see. */
  private static List<String> scores(SplitScores part) {
    if (part == null) {
      return List.of();
    }
    return part.metrics().entrySet().stream().map(Map.Entry::getKey).sorted().map(name -> {
      MetricValue v = part.metrics().get(name);
      String value = v.value() == null ? "–" : String.format(Locale.ROOT, "%.4f", v.value());
      return name + " " + value + (v.ci() == null ? ""
          : String.format(Locale.ROOT, " [%.4f, %.4f]", v.ci().low(), v.ci().high()));
    }).toList();
  }

  private static Messages messages(RoutingContext ctx) {
    return Messages.of(Readers.language(ctx));
  }
}
