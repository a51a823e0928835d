package org.palmares.platform.challenge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.ImageLimits;
import org.palmares.evaluator.protocol.TaskType;


/**
 * Reads and checks a challenge bundle folder: {@code challenge.yaml} against the JSON Schema
 * shipped with the platform, then what a schema cannot say (dates in order, metrics that exist
 * for the task, files that exist, and, when asked, hidden data whose ids match). Every problem is
 * reported with its file, line and field path; a bundle with any problem is never loaded.
 */
public final class BundleReader {
  /** Where the schema lives on the classpath (also published in the repository at this path). */
  public static final String SCHEMA = "/schema/challenge.schema.json";
  private static final String FILE = "challenge.yaml";
  /** Nesting of mappings and lists: the format needs 5, a generous margin stops stack-deep documents. */
  static final int MAX_NESTING = 50;
  /** Aliases per document: none are needed, a few are harmless, many are a "billion laughs". */
  static final int MAX_ALIASES = 50;
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .loaderOptions(loaderOptions())
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING)
          .maxStringLength((int) BundleLimits.DEFAULTS.maxYamlBytes()).build())
      .build())
      .registerModule(new JavaTimeModule())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Validator VALIDATOR = Validator.create(JsonSchema.of(loadSchema()),
      new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://palmares.org/")
          .setOutputFormat(OutputFormat.Basic));
  private static final int DEFAULT_PRECISION = 4;

  private final Path dir;
  private final boolean checkHiddenData;
  /** The site whose copy of the bundle this is, or null for the platform's copy (or a single-site bundle). */
  private final String site;
  private final List<BundleProblem> problems = new ArrayList<>();
  private YamlLines lines;

  private BundleReader(Path dir, boolean checkHiddenData, String site) {
    this.dir = dir.toAbsolutePath().normalize();
    this.checkHiddenData = checkHiddenData;
    this.site = site;
  }

  /**
   * Reads the bundle in {@code dir}.
   *
   * @param checkHiddenData also read the hidden inputs and labels to check their ids (the organizer's
   *                        validation and the evaluator's site do; the platform never reads labels)
   */
  public static Challenge read(Path dir, boolean checkHiddenData) throws InvalidChallengeException {
    return new BundleReader(dir, checkHiddenData, null).read();
  }

  /**
   * Reads the copy of a multi-site challenge's bundle that site {@code site} holds: the same
   * bundle, with that site's hidden files, which are then required and checked as a single-site
   * bundle's are ({@code palmares validate DIR --site NAME}).
   */
  public static Challenge readAtSite(Path dir, String site) throws InvalidChallengeException {
    return new BundleReader(dir, true, site).read();
  }

  private Challenge read() throws InvalidChallengeException {
    Path yamlFile = dir.resolve(FILE);
    String text;
    try {
      long size = Files.size(yamlFile);
      if (size > BundleLimits.DEFAULTS.maxYamlBytes()) {
        throw fail(new BundleProblem(FILE, 0, "is larger than " + BundleLimits.size(BundleLimits.DEFAULTS.maxYamlBytes())
            + " (" + size + " bytes): keep data in files of its own"));
      }
      text = Files.readString(yamlFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw fail(new BundleProblem(FILE, 0, "cannot be read: " + e.getMessage()));
    }
    lines = YamlLines.of(text);
    JsonNode tree;
    try {
      tree = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw fail(new BundleProblem(FILE, line, "not valid YAML: " + e.getOriginalMessage()));
    } catch (RuntimeException e) {
      // SnakeYAML signals its limits (aliases, nesting, size) with unchecked exceptions
      throw fail(new BundleProblem(FILE, 0, "not valid YAML: " + e.getMessage()));
    }
    if (tree == null || !tree.isObject()) {
      throw fail(new BundleProblem(FILE, 1, "must be a mapping of fields (see docs/challenge-format.md)"));
    }
    schemaCheck(tree);
    if (!problems.isEmpty()) {
      throw new InvalidChallengeException(problems);
    }
    Challenge challenge;
    try {
      challenge = YAML.treeToValue(normalised((ObjectNode) tree.deepCopy()), Challenge.class);
    } catch (JsonProcessingException e) {
      throw fail(new BundleProblem(FILE, 0, "cannot be read as a challenge: " + e.getOriginalMessage()));
    }
    semanticCheck(challenge);
    if (!problems.isEmpty()) {
      throw new InvalidChallengeException(problems);
    }
    return challenge;
  }

  // ---- schema ------------------------------------------------------------------------------

  private void schemaCheck(JsonNode tree) {
    OutputUnit result = VALIDATOR.validate(new JsonObject(tree.toString()));
    if (Boolean.TRUE.equals(result.getValid())) {
      return;
    }
    // The validator reports every failed branch; keep the deepest message per location.
    Map<String, String> byLocation = new LinkedHashMap<>();
    List<OutputUnit> errors = result.getErrors() == null ? List.of(result) : result.getErrors();
    for (OutputUnit error : errors) {
      String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation();
      if (error.getError() != null) {
        byLocation.putIfAbsent(location, error.getError());
      }
    }
    Set<String> reported = new HashSet<>();
    for (Map.Entry<String, String> e : byLocation.entrySet()) {
      // an error on a parent is noise when its child has one
      boolean hasDeeper = byLocation.keySet().stream().anyMatch(k -> k.startsWith(e.getKey() + "/"));
      if (!hasDeeper && reported.add(e.getKey())) {
        List<Object> path = pointer(e.getKey());
        problem(path, readable(e.getValue()));
      }
    }
  }

  /** The validator's wording, made plainer where it is obscure. */
  private static String readable(String error) {
    java.util.regex.Matcher unknown = java.util.regex.Pattern
        .compile("Property \"([^\"]+)\" does not match additional properties schema").matcher(error);
    if (unknown.find()) {
      return "unknown field '" + unknown.group(1) + "' (see docs/challenge-format.md for the fields)";
    }
    return error;
  }

  /** Plain strings become {@code {en: ...}}, metric names become {@code {name, params}}; defaults are filled in. */
  private static JsonNode normalised(ObjectNode c) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    text(c, "title");
    text(c, "summary");
    if (c.path("rules").isObject()) {
      text((ObjectNode) c.get("rules"), "text");
    }
    c.set("metrics", metricSpecs(c.withArray("metrics")));
    putIfAbsent(c, "maxTeamSize", 5);
    if (!c.has("bootstrap")) {
      c.set("bootstrap", f.objectNode());
    }
    ObjectNode bootstrap = (ObjectNode) c.get("bootstrap");
    if (!bootstrap.has("resamples")) {
      bootstrap.put("resamples", 1000);
    }
    if (!bootstrap.has("seed")) {
      bootstrap.put("seed", 0);
    }
    putIfAbsent(bootstrap, "minimumPartCases", org.palmares.evaluator.scoring.PartSizes.DEFAULT_MINIMUM_PART_CASES);
    putIfAbsent(bootstrap, "minimumClassCases", org.palmares.evaluator.scoring.PartSizes.DEFAULT_MINIMUM_CLASS_CASES);
    ObjectNode limits = (ObjectNode) c.get("limits");
    putIfAbsent(limits, "pids", 128);
    putIfAbsent(limits, "tmpMiB", 64);
    putIfAbsent(limits, "logKiB", 64);
    putIfAbsent(limits, "shmMiB", 64);
    for (JsonNode phase : c.withArray("phases")) {
      ObjectNode p = (ObjectNode) phase;
      text(p, "title");
      if (p.has("metrics")) {
        p.set("metrics", metricSpecs(p.get("metrics")));
      }
      if (!p.has("quota")) {
        p.set("quota", f.objectNode());
      }
      if (!p.has("leaderboard")) {
        p.put("leaderboard", "best");
      }
      if (!p.has("logs")) {
        p.put("logs", "none");
      }
      putIfAbsent(p, "precision", DEFAULT_PRECISION);
      putIfAbsent(p, "maxImageUncompressedMiB", ImageLimits.DEFAULT.maxUncompressedBytes() >> 20);
      putIfAbsent(p, "maxLayerMiB", ImageLimits.DEFAULT.maxLayerBytes() >> 20);
      putIfAbsent(p, "maxImageEntries", ImageLimits.DEFAULT.maxEntries());
    }
    return c;
  }

  /** Metric names become {@code {name, params, matrix}}, for the challenge's list and a phase's. */
  private static com.fasterxml.jackson.databind.node.ArrayNode metricSpecs(JsonNode list) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    var metrics = f.arrayNode();
    for (JsonNode m : list) {
      ObjectNode spec = f.objectNode();
      ObjectNode params = f.objectNode();
      if (m.isTextual()) {
        spec.put("name", m.asText());
      } else {
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (e.getKey().equals("name")) {
            spec.set("name", e.getValue());
          } else if (e.getKey().equals("matrix")) {
            // A matrix parameter (cost_score's costs) is a list of rows, not a number.
            spec.set("matrix", e.getValue());
          } else {
            params.set(e.getKey(), e.getValue());
          }
        }
      }
      spec.set("params", params);
      metrics.add(spec);
    }
    return metrics;
  }

  private static void text(ObjectNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value != null && value.isTextual()) {
      parent.set(field, JsonNodeFactory.instance.objectNode().put("en", value.asText()));
    }
  }

  private static void putIfAbsent(ObjectNode node, String field, int value) {
    if (!node.has(field)) {
      node.put(field, value);
    }
  }

  private static void putIfAbsent(ObjectNode node, String field, long value) {
    if (!node.has(field)) {
      node.put(field, value);
    }
  }

  // ---- what the schema cannot say -----------------------------------------------------------

  private void semanticCheck(Challenge c) {
    if (!c.slug().equals(dir.getFileName().toString())) {
      problem(List.of("slug"), "'" + c.slug() + "' must equal the bundle folder's name '" + dir.getFileName() + "'");
    }
    Challenge.Hidden h = c.data().hidden();
    checkSites(c);
    boolean hiddenHere = hiddenHere(c);
    checkTask(c, c.task(), c.predictions(), c.metrics(), c.image(), List.of());
    for (int i = 0; i < c.data().publicFiles().size(); i++) {
      requireFile(c.data().publicFiles().get(i), List.of("data", "public", i));
    }
    hiddenFile(c, h.inputs(), List.of("data", "hidden", "inputs"));
    hiddenFile(c, h.labels(), List.of("data", "hidden", "labels"));
    Set<String> phaseNames = new HashSet<>();
    for (int i = 0; i < c.phases().size(); i++) {
      Phase p = c.phases().get(i);
      List<Object> at = List.of("phases", i);
      if (!phaseNames.add(p.name())) {
        problem(path(at, "name"), "phase name '" + p.name() + "' is used twice");
      }
      if (!p.closes().isAfter(p.opens())) {
        problem(path(at, "closes"), "phases[" + i + "].closes is before phases[" + i + "].opens");
      }
      if (p.revealPrivateAt() != null && p.revealPrivateAt().isBefore(p.closes())) {
        problem(path(at, "revealPrivateAt"), "phases[" + i + "].revealPrivateAt is before phases[" + i
            + "].closes: private scores would be shown while teams can still submit");
      }
      if (i > 0 && p.opens().isBefore(c.phases().get(i - 1).opens())) {
        problem(path(at, "opens"), "phases must be listed in the order they open");
      }
      try {
        c.limitsOf(p).toSandboxLimits();
      } catch (IllegalArgumentException e) {
        problem(path(at, "limits"), e.getMessage());
      }
      if (p.task() != null || p.predictions() != null || p.metrics() != null || p.image() != null) {
        checkTask(c, c.taskOf(p), c.predictionsOf(p), c.metricsOf(p), c.imageOf(p), at);
      }
      Integer runTime = p.feedback() == null ? null : p.feedback().runTimeSeconds();
      Long wallClock = c.limitsOf(p).wallClockSeconds();
      if (runTime != null && wallClock != null && runTime > wallClock) {
        problem(path(at, "feedback", "runTimeSeconds"), "phases[" + i + "].feedback.runTimeSeconds (" + runTime
            + ") is longer than the phase's wall-clock limit (" + wallClock
            + " s): every run would show 0 s; use 0 to hide the run time");
      }
      try {
        if (p.ranking() != null && problems.isEmpty()) { // an unknown metric is named once, above
          c.rankingOf(p);
        }
      } catch (IllegalArgumentException e) {
        problem(path(at, "ranking"), "phases[" + i + "].ranking: " + e.getMessage());
      }
      if (p.data() != null) {
        hiddenFile(c, p.data().inputs(), path(at, "data", "inputs"));
        hiddenFile(c, p.data().labels(), path(at, "data", "labels"));
      }
      if (p.split().publicIds() != null) { // the split of the hidden cases: a site's, like its cases
        hiddenFile(c, p.split().publicIds(), path(at, "split", "publicIds"));
      }
      if (checkHiddenData && hiddenHere && problems.isEmpty()) {
        String inputs = p.data() != null ? p.data().inputs() : h.inputs();
        String labels = p.data() != null ? p.data().labels() : h.labels();
        checkHiddenData(c, TaskType.byId(c.taskOf(p)), inputs, labels, p.split().publicIds());
        if (problems.isEmpty() && c.imageOf(p) != null) {
          ImageContracts.checkCases(TaskType.byId(c.taskOf(p)), c.imageOf(p), dir, inputs, h.idColumn(), problems);
        } else if (problems.isEmpty()) {
          checkPartSizes(c, p, at);
        }
      }
    }
  }

  /**
   * The sites of a multi-site challenge: unique names, real countries; and for a site's copy
   * ({@link #readAtSite}), a site the challenge declares.
   */
  private void checkSites(Challenge c) {
    Set<String> names = new HashSet<>();
    Set<String> countries = Set.of(java.util.Locale.getISOCountries());
    for (int i = 0; i < c.sites().size(); i++) {
      Site s = c.sites().get(i);
      if (!names.add(s.name())) {
        problem(List.of("sites", i, "name"), "site name '" + s.name() + "' is used twice");
      }
      if (!countries.contains(s.country())) {
        problem(List.of("sites", i, "country"), "'" + s.country()
            + "' is not an ISO 3166-1 alpha-2 country code (e.g. FR, CA, NL, DE)");
      }
    }
    if (site != null && !c.multiSite()) {
      problem(List.of("slug"), "this challenge declares no sites, so it has no site copies to check: validate it"
          + " without --site");
    } else if (site != null && c.site(site).isEmpty()) {
      problem(List.of("sites"), "the challenge declares no site '" + site + "' (its sites: "
          + String.join(", ", c.siteNames()) + ")");
    }
  }

  /**
   * Whether this copy of the bundle holds the hidden files: a single-site bundle does, and so does
   * a site's copy of a multi-site one; the platform's copy of a multi-site bundle never does.
   */
  private boolean hiddenHere(Challenge c) {
    return !c.multiSite() || site != null;
  }

  /**
   * A hidden file of the contract: required where the hidden files are, refused in the platform's
   * copy of a multi-site bundle (the sites' data must not reach the platform).
   */
  private void hiddenFile(Challenge c, String relative, List<Object> path) {
    if (hiddenHere(c)) {
      requireFile(relative, path);
      return;
    }
    Path file = dir.resolve(relative).normalize();
    if (!file.startsWith(dir)) {
      problem(path, "'" + relative + "' is outside the bundle");
    } else if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      problem(path, "'" + relative + "' is a hidden file, and this challenge declares sites: its hidden files"
          + " belong at the sites, each site's evaluator holding its own copy of the bundle with them; remove it"
          + " from the bundle the platform holds (check a site's copy with: palmares validate DIR --site NAME)");
    }
  }

  /** Each part of the phase's split large enough, class by class, for an honest interval. */
  private void checkPartSizes(Challenge c, Phase p, List<Object> at) {
    EvaluationSpec spec = c.evaluationSpec(p);
    try {
      List<String> small = org.palmares.evaluator.scoring.PartSizes.problems(
          org.palmares.evaluator.scoring.PartSizes.of(spec, dir.resolve(spec.hidden().labels())),
          c.bootstrap().minimumPartCases(), c.bootstrap().minimumClassCases());
      for (String s : small) {
        problem(path(at, "split"), "phase " + p.name() + ": " + s + "; give the phase more hidden cases, another"
            + " split, or lower the minimum in bootstrap");
      }
    } catch (IOException | IllegalStateException | IllegalArgumentException e) {
      problem(path(at, "split"), "phase " + p.name() + ": its parts cannot be counted: " + e.getMessage());
    }
  }

  /**
   * The rules of one task (the challenge's, or a phase's own): required columns, metrics that exist
   * for it, and for an image task its image contract.
   *
   * @param at the path of the declaring node ({@code []} for the challenge, {@code [phases, i]} for a phase)
   */
  private void checkTask(Challenge c, String taskId, Challenge.Predictions predictions,
      List<EvaluationSpec.MetricSpec> metrics, EvaluationSpec.ImageTask image, List<Object> at) {
    TaskType task = TaskType.byId(taskId);
    Challenge.Hidden h = c.data().hidden();
    switch (task) {
      case BINARY_CLASSIFICATION -> {
        require(h.labelColumn(), List.of("data", "hidden", "labelColumn"), task);
        require(h.positiveLabel(), List.of("data", "hidden", "positiveLabel"), task);
        require(predictions.scoreColumn(), path(at, "predictions", "scoreColumn"), task);
      }
      case MULTICLASS_CLASSIFICATION, IMAGE_CLASSIFICATION -> {
        require(h.labelColumn(), List.of("data", "hidden", "labelColumn"), task);
        if (predictions.classes().isEmpty()) {
          problem(path(at, "predictions"), "classes is required for a " + task.id() + " task");
        }
      }
      case REGRESSION -> {
        require(h.labelColumn(), List.of("data", "hidden", "labelColumn"), task);
        require(predictions.scoreColumn(), path(at, "predictions", "scoreColumn"), task);
      }
      case IMAGE_SEGMENTATION, OBJECT_DETECTION -> {
        // the truth is the folder of masks or lesions of the image contract, checked below
      }
      case SURVIVAL -> {
        require(h.timeColumn(), List.of("data", "hidden", "timeColumn"), task);
        require(h.eventColumn(), List.of("data", "hidden", "eventColumn"), task);
        require(predictions.scoreColumn(), path(at, "predictions", "scoreColumn"), task);
      }
    }
    Set<String> metricNames = new HashSet<>();
    for (int i = 0; i < metrics.size(); i++) {
      EvaluationSpec.MetricSpec m = metrics.get(i);
      if (c.scoring() != null && c.scoring().image() != null) {
        // a scoring image reports metrics of its own: only their direction can be said
        if (!java.util.Set.of("higherIsBetter").containsAll(m.params().keySet())) {
          problem(path(at, "metrics", i), "metric " + m.name() + " of a scoring image takes only the parameter "
              + "higherIsBetter (1 or 0)");
        }
      } else {
        try {
          Metrics.check(task, m);
        } catch (IllegalArgumentException e) {
          problem(path(at, "metrics", i), e.getMessage());
        }
      }
      if (!metricNames.add(m.name())) {
        problem(path(at, "metrics", i), "metric " + m.name() + " is listed twice");
      }
    }
    ImageContracts.check(task, image, metrics, dir, hiddenHere(c), at, this::problem);
  }

  private void require(String value, List<Object> path, TaskType task) {
    if (value == null || value.isBlank()) {
      problem(path.subList(0, path.size() - 1), path.get(path.size() - 1) + " is required for a " + task.id() + " task");
    }
  }

  private void requireFile(String relative, List<Object> path) {
    Path file = dir.resolve(relative).normalize();
    if (!file.startsWith(dir)) {
      problem(path, "'" + relative + "' is outside the bundle");
    } else if (!Files.isRegularFile(file)) {
      problem(path, "file '" + relative + "' does not exist in the bundle");
    }
  }

  /** Ids present once in each file, the same set in inputs and labels, label columns present. */
  private void checkHiddenData(Challenge c, TaskType task, String inputs, String labels, String publicIds) {
    Challenge.Hidden h = c.data().hidden();
    Map<String, Long> inputIds = ids(inputs, h.idColumn(), List.of());
    List<String> labelColumns = new ArrayList<>();
    // a segmentation or detection phase's truth is its folder of masks or lesions, not a column
    boolean labelled = task != TaskType.IMAGE_SEGMENTATION && task != TaskType.OBJECT_DETECTION;
    for (String col : new String[] {h.labelColumn(), h.timeColumn(), h.eventColumn()}) {
      if (labelled && col != null && !(task != TaskType.SURVIVAL && col.equals(h.timeColumn()))) {
        labelColumns.add(col);
      }
    }
    Map<String, Long> labelIds = ids(labels, h.idColumn(), labelColumns);
    if (inputIds == null || labelIds == null) {
      return;
    }
    Set<String> missingLabels = new LinkedHashSet<>(inputIds.keySet());
    missingLabels.removeAll(labelIds.keySet());
    Set<String> extraLabels = new LinkedHashSet<>(labelIds.keySet());
    extraLabels.removeAll(inputIds.keySet());
    if (!missingLabels.isEmpty()) {
      String id = missingLabels.iterator().next();
      problems.add(new BundleProblem(inputs, inputIds.get(id).intValue(), missingLabels.size()
          + " input id(s) have no label in " + labels + ", e.g. '" + id + "'"));
    }
    if (!extraLabels.isEmpty()) {
      String id = extraLabels.iterator().next();
      problems.add(new BundleProblem(labels, labelIds.get(id).intValue(), extraLabels.size()
          + " labelled id(s) are not in " + inputs + ", e.g. '" + id + "'"));
    }
    if (publicIds != null) {
      try {
        List<String> listed = Files.readAllLines(dir.resolve(publicIds), StandardCharsets.UTF_8);
        for (int i = 0; i < listed.size(); i++) {
          String id = listed.get(i).trim();
          if (!id.isEmpty() && !labelIds.containsKey(id)) {
            problems.add(new BundleProblem(publicIds, i + 1, "id '" + id + "' is not in " + labels));
            break;
          }
        }
      } catch (IOException e) {
        problems.add(new BundleProblem(publicIds, 0, "cannot be read: " + e.getMessage()));
      }
    }
  }

  /** Id -> line of a CSV file; null (with a problem recorded) when the file is unusable. */
  private Map<String, Long> ids(String relative, String idColumn, List<String> requiredColumns) {
    Map<String, Long> lineOf = new HashMap<>();
    try (Reader reader = Files.newBufferedReader(dir.resolve(relative), StandardCharsets.UTF_8);
         CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
      for (String col : concat(idColumn, requiredColumns)) {
        if (!csv.getHeaderMap().containsKey(col)) {
          problems.add(new BundleProblem(relative, 1, "has no column '" + col + "' (columns: "
              + String.join(", ", csv.getHeaderNames()) + ")"));
          return null;
        }
      }
      for (CSVRecord row : csv) {
        long line = row.getRecordNumber() + 1;
        String id = row.get(idColumn);
        Long first = lineOf.putIfAbsent(id, line);
        if (first != null) {
          problems.add(new BundleProblem(relative, (int) line, "duplicate id '" + id + "' (first at line " + first + ")"));
          return null;
        }
      }
    } catch (IOException | IllegalStateException | IllegalArgumentException e) {
      problems.add(new BundleProblem(relative, 0, "is not a readable CSV file: " + e.getMessage()));
      return null;
    }
    return lineOf;
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static List<Object> path(List<Object> base, Object... more) {
    List<Object> p = new ArrayList<>(base);
    p.addAll(List.of(more));
    return p;
  }

  private void problem(List<Object> path, String message) {
    String dotted = dotted(path);
    String text = message.startsWith(dotted) || dotted.isEmpty() ? message : dotted + ": " + message;
    problems.add(new BundleProblem(FILE, lines.lineOf(path), text));
  }

  private static String dotted(List<Object> path) {
    StringBuilder b = new StringBuilder();
    for (Object step : path) {
      if (step instanceof Integer i) {
        b.append('[').append(i).append(']');
      } else {
        b.append(b.isEmpty() ? "" : ".").append(step);
      }
    }
    return b.toString();
  }

  private static List<Object> pointer(String jsonPointer) {
    List<Object> path = new ArrayList<>();
    for (String part : jsonPointer.split("/")) {
      if (part.isEmpty() || part.equals("#")) {
        continue;
      }
      String unescaped = part.replace("~1", "/").replace("~0", "~");
      path.add(unescaped.matches("\\d+") ? (Object) Integer.valueOf(unescaped) : unescaped);
    }
    return path;
  }

  private InvalidChallengeException fail(BundleProblem problem) {
    problems.add(problem);
    return new InvalidChallengeException(problems);
  }

  /**
   * SnakeYAML's limits, for every read of challenge.yaml (this reader and {@link YamlLines}): the
   * document's size, its aliases and its nesting are bounded so parsing is bounded too.
   */
  static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
    org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
    options.setCodePointLimit((int) BundleLimits.DEFAULTS.maxYamlBytes());
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setAllowRecursiveKeys(false);
    return options;
  }

  /**
   * The {@code slug} a challenge.yaml declares, read with the same limits as the bundle itself,
   * before the bundle is checked (an install names its staging folder after it).
   */
  static String declaredSlug(Path bundle) throws InvalidChallengeException {
    Path file = bundle.resolve(FILE);
    try {
      if (Files.size(file) > BundleLimits.DEFAULTS.maxYamlBytes()) {
        throw new InvalidChallengeException(List.of(new BundleProblem(FILE, 0, "is larger than "
            + BundleLimits.size(BundleLimits.DEFAULTS.maxYamlBytes()) + ": keep data in files of its own")));
      }
      JsonNode tree = YAML.readTree(file.toFile());
      String slug = tree == null ? "" : tree.path("slug").asText("");
      if (!slug.matches("[a-z0-9][a-z0-9-]{0,63}")) {
        throw new InvalidChallengeException(List.of(new BundleProblem(FILE, 1,
            "slug: must be lower-case letters, digits and dashes")));
      }
      return slug;
    } catch (IOException | RuntimeException e) {
      throw new InvalidChallengeException(List.of(new BundleProblem(FILE, 0, "not valid YAML: " + e.getMessage())));
    }
  }

  private static JsonObject loadSchema() {
    try (InputStream in = BundleReader.class.getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException("schema " + SCHEMA + " is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + SCHEMA, e);
    }
  }
}
