package org.palmares.platform.web;

import java.time.Instant;
import java.util.List;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.leaderboard.Leaderboard;

/**
 * What a challenge's page shows.
 *
 * @param phase        the phase shown ({@code ?phase=}, else the current one)
 * @param board        its public leaderboard
 * @param privateBoard its private leaderboard once revealed, else null
 * @param origin       where the reader reaches this platform (for the commands shown)
 * @param readme       the bundle's README (Markdown), or null
 * @param files        the public files, with their sizes
 * @param history      the phase's best public score over time
 */
public record ChallengePage(Challenge challenge, Phase phase, Instant now, Leaderboard board,
    Leaderboard privateBoard, TakePart takePart, String origin, String readme, List<PublicFile> files,
    List<org.palmares.platform.leaderboard.RecordHistory.Point> history) {

  /**
   * A public file of the bundle; {@code bytes} is -1 when it is missing on disk; {@code columns} its
   * data dictionary (CSV files), or empty.
   */
  public record PublicFile(String path, long bytes, List<org.palmares.platform.challenge.DataDictionary.Column> columns) {}

  /** The role of column {@code name} in the challenge ("id", "label"), or null. */
  public String roleOf(String name) {
    Challenge.Hidden h = challenge.data().hidden();
    return name.equals(h.idColumn()) ? "id" : name.equals(h.labelColumn()) ? "label"
        : name.equals(h.timeColumn()) ? "time" : name.equals(h.eventColumn()) ? "event" : null;
  }

  /** Where the bundle's files are served, for links and relative links of the README. */
  public String filesBase() {
    return "/challenges/" + challenge.slug() + "/files/";
  }

  /** A metric as the evaluation section explains it. */
  public record MetricRow(String name, String title, boolean higherIsBetter, boolean primary) {}

  public List<MetricRow> metrics() {
    String primary = challenge.primaryMetricOf(phase);
    return challenge.metricsOf(phase).stream().map(m -> new MetricRow(m.name(),
        org.palmares.platform.challenge.Metrics.title(m.name()), challenge.higherIsBetter(m.name()),
        m.name().equals(primary))).toList();
  }

  /** The sandbox limits of the phase shown. */
  public Challenge.Limits limits() {
    return challenge.limitsOf(phase);
  }

  /** The file the container reads its test inputs from. */
  public String inputPath() {
    return "/input/" + java.nio.file.Path.of(challenge.data().hidden().inputs()).getFileName();
  }

  /** The file the container must write. */
  public String outputPath() {
    return "/output/" + challenge.predictionsOf(phase).file();
  }

  /** The columns of the predictions file, in order. */
  public List<String> outputColumns() {
    Challenge.Predictions p = challenge.predictionsOf(phase);
    List<String> columns = new java.util.ArrayList<>();
    columns.add(p.idColumn());
    if (p.scoreColumn() != null) {
      columns.add(p.scoreColumn());
    }
    columns.addAll(p.classes());
    return columns;
  }

  /** The command that runs an image locally as the sandbox runs it (see {@link LocalRun}). */
  public String localRunCommand() {
    return LocalRun.command(limits(), inputPath());
  }

  /** The command that submits an image archive to the phase shown, with a token in {@code $TOKEN}. */
  public String submitCommand() {
    return "curl -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/octet-stream' \\\n"
        + "  --data-binary @my-model.tar.gz \\\n  '" + origin + "/api/challenges/" + challenge.slug()
        + "/submissions?phase=" + java.net.URLEncoder.encode(phase.name(), java.nio.charset.StandardCharsets.UTF_8) + "'";
  }

  /** The phase whose close comes next after {@code now} among the open ones (for the countdown), or null. */
  public Phase nextClose() {
    return challenge.phases().stream().filter(p -> p.isOpenAt(now))
        .min(java.util.Comparator.comparing(Phase::closes)).orElse(null);
  }

  /** The name of the reader's team, or null. */
  public String ownTeam() {
    return takePart.team() == null ? null : takePart.team().name();
  }

  /** The record history as JSON for the chart: {@code [{"at": iso, "score": v, "team": name}]}. */
  public String historyJson() {
    io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
    history.forEach(p -> out.add(new io.vertx.core.json.JsonObject().put("at", p.at().toString())
        .put("score", p.score()).put("team", p.team())));
    return out.encode();
  }

  /** The README as safe HTML, relative links resolved to the bundle's public files. */
  public String readmeHtml() {
    return readme == null ? null : Markdown.toHtml(readme, filesBase());
  }
}
