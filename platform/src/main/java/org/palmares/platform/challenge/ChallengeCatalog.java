package org.palmares.platform.challenge;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.palmares.evaluator.scoring.BinaryMetric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The challenges this platform serves, read from bundle folders ({@code <root>/<slug>/challenge.yaml}).
 * A bundle that does not load is reported and skipped; the others are served.
 */
public final class ChallengeCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(ChallengeCatalog.class);
  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final Path root;
  private final Map<String, Challenge> bySlug;
  private final List<String> problems;

  private ChallengeCatalog(Path root, Map<String, Challenge> bySlug, List<String> problems) {
    this.root = root;
    this.bySlug = bySlug;
    this.problems = problems;
  }

  /** Loads every bundle under {@code root}. */
  public static ChallengeCatalog load(Path root) throws IOException {
    Map<String, Challenge> loaded = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> dirs = Files.list(root)) {
        for (Path dir : dirs.sorted().toList()) {
          if (!Files.isRegularFile(dir.resolve("challenge.yaml"))) {
            continue;
          }
          try {
            Challenge c = readBundle(dir);
            loaded.put(c.slug(), c);
            LOG.info("Loaded challenge {}", c.slug());
          } catch (InvalidChallengeException e) {
            problems.add(e.getMessage());
            LOG.error("Challenge bundle not loaded: {}", e.getMessage());
          }
        }
      }
    } else {
      LOG.warn("No challenge folder at {}", root);
    }
    return new ChallengeCatalog(root, Collections.unmodifiableMap(loaded), List.copyOf(problems));
  }

  /** Reads and checks one bundle folder. */
  public static Challenge readBundle(Path dir) throws InvalidChallengeException {
    Path yaml = dir.resolve("challenge.yaml");
    String where = dir.getFileName() + "/challenge.yaml";
    Challenge c;
    try {
      c = YAML.readValue(yaml.toFile(), Challenge.class);
    } catch (JsonMappingException e) {
      JsonLocation loc = e.getLocation();
      String line = loc == null ? "" : ":" + loc.getLineNr();
      throw new InvalidChallengeException(where + line + ": " + fieldPath(e) + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidChallengeException(where + ": cannot be read: " + e.getMessage(), e);
    }
    List<String> errors = new ArrayList<>();
    if (c.slug() == null || !SLUG.matcher(c.slug()).matches()) {
      errors.add("slug must be lower-case letters, digits and dashes");
    } else if (!c.slug().equals(dir.getFileName().toString())) {
      errors.add("slug '" + c.slug() + "' must equal the folder name '" + dir.getFileName() + "'");
    }
    require(errors, c.title(), "title");
    if (!"binary-classification".equals(c.task())) {
      errors.add("task '" + c.task() + "' is not supported yet (supported: binary-classification)");
    }
    if (c.data() == null || c.data().hidden() == null) {
      errors.add("data.hidden is required");
    } else {
      require(errors, c.data().hidden().inputs(), "data.hidden.inputs");
      require(errors, c.data().hidden().labels(), "data.hidden.labels");
      require(errors, c.data().hidden().idColumn(), "data.hidden.idColumn");
      require(errors, c.data().hidden().labelColumn(), "data.hidden.labelColumn");
      require(errors, c.data().hidden().positiveLabel(), "data.hidden.positiveLabel");
      for (String file : c.data().publicFiles()) {
        Path p = dir.resolve(file).normalize();
        if (!p.startsWith(dir) || !Files.isRegularFile(p)) {
          errors.add("data.public: file '" + file + "' does not exist in the bundle");
        }
      }
    }
    if (c.predictions() == null) {
      errors.add("predictions is required");
    } else {
      require(errors, c.predictions().file(), "predictions.file");
      require(errors, c.predictions().idColumn(), "predictions.idColumn");
      require(errors, c.predictions().scoreColumn(), "predictions.scoreColumn");
    }
    if (c.metrics() == null || c.metrics().isEmpty()) {
      errors.add("metrics must list at least one metric, the primary first");
    } else {
      for (String m : c.metrics()) {
        try {
          BinaryMetric.byName(m);
        } catch (IllegalArgumentException e) {
          errors.add("metrics: " + e.getMessage());
        }
      }
    }
    if (c.bootstrap() == null || c.bootstrap().resamples() < 100) {
      errors.add("bootstrap.resamples must be at least 100");
    }
    if (c.split() == null || c.split().publicFraction() <= 0 || c.split().publicFraction() >= 1) {
      errors.add("split.publicFraction must be between 0 and 1 (exclusive)");
    }
    if (c.limits() == null) {
      errors.add("limits is required");
    } else {
      try {
        c.sandboxLimits();
      } catch (IllegalArgumentException e) {
        errors.add("limits: " + e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidChallengeException(where + ": " + String.join("; ", errors));
    }
    return c;
  }

  /** "limits.cpus: " or "phases[1].closes: " for the field a mapping error is about. */
  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "" : path + ": ";
  }

  private static void require(List<String> errors, String value, String field) {
    if (value == null || value.isBlank()) {
      errors.add(field + " is required");
    }
  }

  public List<Challenge> all() {
    return List.copyOf(bySlug.values());
  }

  public Optional<Challenge> find(String slug) {
    return Optional.ofNullable(bySlug.get(slug));
  }

  /** Bundles that did not load, with the reason. */
  public List<String> problems() {
    return problems;
  }

  /** A public file of a challenge, if it declares it. */
  public Optional<Path> publicFile(Challenge challenge, String relative) {
    if (!challenge.data().publicFiles().contains(relative)) {
      return Optional.empty();
    }
    return Optional.of(root.resolve(challenge.slug()).resolve(relative).normalize());
  }
}
