package org.palmares.platform.challenge;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.SandboxLimits;

/**
 * A challenge as declared in its bundle's {@code challenge.yaml} (see docs/challenge-format.md),
 * after validation and defaults.
 */
public record Challenge(
    String slug,
    Text title,
    Text summary,
    List<String> organizers,
    String licence,
    String citation,
    Rules rules,
    int maxTeamSize,
    String task,
    Data data,
    Predictions predictions,
    List<EvaluationSpec.MetricSpec> metrics,
    Bootstrap bootstrap,
    Limits limits,
    List<Phase> phases,
    Scoring scoring,
    EvaluationSpec.ImageTask image,
    List<Site> sites) {

  public Challenge {
    sites = sites == null ? List.of() : List.copyOf(sites);
  }

  /**
   * Whether the challenge is held by several sites: each accepted submission is then evaluated at
   * each of them, and the platform's copy of the bundle holds none of their hidden files.
   */
  public boolean multiSite() {
    return !sites.isEmpty();
  }

  /** The declared site named {@code name}, if any. */
  public Optional<Site> site(String name) {
    return sites.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The sites' names, in the order the challenge lists them (empty for a single-site challenge). */
  public List<String> siteNames() {
    return sites.stream().map(Site::name).toList();
  }

  /** Rules competitors accept before submitting; the version changes when the text does. */
  public record Rules(int version, Text text) {}

  /** Public files (served to competitors) and hidden files (read by the evaluator only). */
  public record Data(@JsonProperty("public") List<String> publicFiles, Hidden hidden) {
    public Data {
      publicFiles = publicFiles == null ? List.of() : List.copyOf(publicFiles);
    }
  }

  public record Hidden(String inputs, String labels, String idColumn, String labelColumn, String positiveLabel,
      String timeColumn, String eventColumn) {}

  public record Predictions(String file, String idColumn, String scoreColumn, List<String> classes) {
    public Predictions {
      classes = classes == null ? List.of() : List.copyOf(classes);
    }
  }

  /**
   * Confidence-interval settings.
   *
   * @param resamples         bootstrap resamples
   * @param seed              the challenge's bootstrap seed
   * @param minimumPartCases  cases each public and private part needs (default 10)
   * @param minimumClassCases cases of each class (each event status for survival) each part needs (default 3)
   */
  public record Bootstrap(int resamples, long seed, int minimumPartCases, int minimumClassCases) {}

  /** Sandbox limits, in the units an organizer writes; in a phase, null fields inherit the challenge's. */
  public record Limits(Double cpus, Long memoryMiB, Long wallClockSeconds, Long outputMiB, Long pids, Long tmpMiB,
      Long logKiB, Long shmMiB) {

    /** These limits with the non-null fields of {@code override} taking precedence. */
    public Limits overriddenBy(Limits override) {
      if (override == null) {
        return this;
      }
      return new Limits(pick(override.cpus, cpus), pick(override.memoryMiB, memoryMiB),
          pick(override.wallClockSeconds, wallClockSeconds), pick(override.outputMiB, outputMiB),
          pick(override.pids, pids), pick(override.tmpMiB, tmpMiB), pick(override.logKiB, logKiB),
          pick(override.shmMiB, shmMiB));
    }

    private static <T> T pick(T a, T b) {
      return a != null ? a : b;
    }

    public SandboxLimits toSandboxLimits() {
      return new SandboxLimits(cpus, memoryMiB * 1024 * 1024, wallClockSeconds, outputMiB * 1024 * 1024, pids,
          tmpMiB * 1024 * 1024, logKiB * 1024, shmMiB == null ? 0 : shmMiB * 1024 * 1024);
    }
  }

  /** A custom scoring image replacing the built-in metrics, or none. */
  public record Scoring(String image) {}

  /** Whether a higher value of {@code metric} is better: a custom scorer's metrics say so with {@code higherIsBetter: 0|1}. */
  public boolean higherIsBetter(String metric) {
    if (scoring != null && scoring.image() != null) {
      return metrics.stream().filter(m -> m.name().equals(metric)).findFirst()
          .map(m -> m.params().getOrDefault("higherIsBetter", 1.0) != 0).orElse(true);
    }
    return Metrics.higherIsBetter(metric);
  }

  /**
   * How {@code phase}'s board orders teams: its declared ranking over its metrics (every metric of
   * the challenge when it names none), or the primary metric alone.
   *
   * @throws IllegalArgumentException for a ranking the bundle validator would have refused
   */
  public org.palmares.platform.leaderboard.Ranking.Spec rankingOf(Phase phase) {
    Phase.RankingOptions options = phase.ranking();
    if (options == null || options.method() == null || options.method().equals("primary")) {
      String primary = primaryMetric();
      return org.palmares.platform.leaderboard.Ranking.Spec.primary(primary, higherIsBetter(primary));
    }
    List<String> names = options.metrics() != null ? options.metrics()
        : metrics.stream().map(EvaluationSpec.MetricSpec::name).toList();
    java.util.Map<String, Boolean> directions = new java.util.HashMap<>();
    for (String name : names) {
      if (metrics.stream().noneMatch(m -> m.name().equals(name))) {
        throw new IllegalArgumentException("ranking metric '" + name + "' is not one of the challenge's metrics");
      }
      directions.put(name, higherIsBetter(name));
    }
    return new org.palmares.platform.leaderboard.Ranking.Spec(
        org.palmares.platform.leaderboard.Ranking.Method.byId(options.method()), names, directions,
        options.weights());
  }

  /** The primary metric, by which leaderboards rank. */
  public String primaryMetric() {
    return metrics.get(0).name();
  }

  /** The task of {@code phase}: its own, else the challenge's. */
  public String taskOf(Phase phase) {
    return phase.task() != null ? phase.task() : task;
  }

  /** The metrics of {@code phase}: its own, else the challenge's. */
  public List<EvaluationSpec.MetricSpec> metricsOf(Phase phase) {
    return phase.metrics() != null ? phase.metrics() : metrics;
  }

  /** The primary metric of {@code phase}, by which its leaderboards rank. */
  public String primaryMetricOf(Phase phase) {
    return metricsOf(phase).get(0).name();
  }

  /** The prediction contract of {@code phase}: its own, else the challenge's. */
  public Predictions predictionsOf(Phase phase) {
    return phase.predictions() != null ? phase.predictions() : predictions;
  }

  /** The image contract of {@code phase}: its own, else the challenge's (null for tasks without images). */
  public EvaluationSpec.ImageTask imageOf(Phase phase) {
    return phase.image() != null ? phase.image() : image;
  }

  public Optional<Phase> phase(String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The phase a spectator sees by default at {@code t}: the last listed of the open ones (sanity
   * phases come first, the main one last), else the last one that opened, else the first.
   */
  public Phase currentPhaseAt(Instant t) {
    return phases.stream().filter(p -> p.isOpenAt(t)).reduce((a, b) -> b)
        .or(() -> phases.stream().filter(p -> !t.isBefore(p.opens())).reduce((a, b) -> b))
        .orElse(phases.get(0));
  }

  /** The limits that apply in {@code phase}. */
  public Limits limitsOf(Phase phase) {
    return limits.overriddenBy(phase.limits());
  }

  /** What an evaluator needs to run and score a submission to {@code phase}. */
  public EvaluationSpec evaluationSpec(Phase phase) {
    String inputs = phase.data() != null ? phase.data().inputs() : data.hidden().inputs();
    String labels = phase.data() != null ? phase.data().labels() : data.hidden().labels();
    Predictions predictions = predictionsOf(phase);
    return new EvaluationSpec(slug, phase.name(), taskOf(phase),
        new EvaluationSpec.HiddenData(inputs, labels, data.hidden().idColumn(), data.hidden().labelColumn(),
            data.hidden().positiveLabel(), data.hidden().timeColumn(), data.hidden().eventColumn(),
            java.nio.file.Path.of(data.hidden().inputs()).getFileName().toString()),
        new EvaluationSpec.PredictionContract(predictions.file(), predictions.idColumn(), predictions.scoreColumn(),
            predictions.classes()),
        List.copyOf(metricsOf(phase)),
        new EvaluationSpec.Bootstrap(bootstrap.resamples(), bootstrap.seed(), bootstrap.minimumPartCases(),
            bootstrap.minimumClassCases()),
        phase.split(),
        limitsOf(phase).toSandboxLimits(),
        scoring == null ? null : scoring.image(),
        phase.imageLimits(),
        imageOf(phase),
        phase.gpus());
  }
}
