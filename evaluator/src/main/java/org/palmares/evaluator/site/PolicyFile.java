package org.palmares.evaluator.site;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a site's policy file (YAML, see docs/sites.md):
 * <pre>
 * site: de
 * challenges: [breast-cancer-recurrence]
 * ceilings: {cpus: 2, memoryMiB: 4096, wallClockSeconds: 3600, gpus: 0}
 * scoringImages: [sha256:...]
 * minCellCount: 5
 * countMetrics: []
 * release: manual
 * outbox: /var/lib/palmares/outbox
 * </pre>
 * SnakeYAML's node tree is read rather than a data binding, so that every mistake is reported
 * with the line it is on: a data holder must be able to fix the file from the message alone. An
 * unknown key is a mistake (a misspelt ceiling would otherwise silently not apply).
 */
public final class PolicyFile {
  private static final Set<String> KEYS = Set.of("site", "challenges", "ceilings", "scoringImages", "minCellCount",
      "countMetrics", "release", "outbox");
  private static final Set<String> CEILING_KEYS = Set.of("cpus", "memoryMiB", "wallClockSeconds", "gpus");
  private static final String NAME = "[a-z][a-z0-9-]{0,31}";
  private static final String SLUG = "[a-z0-9][a-z0-9-]{0,63}";
  private static final String DIGEST = "sha256:[0-9a-f]{64}";

  /** A policy file that cannot be used; the message names the file and the line. */
  public static final class PolicyFileException extends Exception {
    PolicyFileException(String message) {
      super(message);
    }
  }

  private final String file;

  private PolicyFile(String file) {
    this.file = file;
  }

  /** Reads and checks the policy file at {@code path}. */
  public static SitePolicy read(Path path) throws PolicyFileException {
    PolicyFile reader = new PolicyFile(path.toString());
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return reader.parse(in);
    } catch (IOException e) {
      throw new PolicyFileException("cannot read the site policy file " + path + ": " + e.getMessage());
    }
  }

  /** Reads and checks a policy from {@code text} ({@code name} is used in the messages). */
  public static SitePolicy parse(String name, String text) throws PolicyFileException {
    return new PolicyFile(name).parse(new java.io.StringReader(text));
  }

  private SitePolicy parse(Reader in) throws PolicyFileException {
    Node root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(in);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1
          : e.getContextMark() != null ? e.getContextMark().getLine() + 1 : 0;
      throw new PolicyFileException(file + " line " + line + ": not valid YAML: " + e.getProblem());
    } catch (YAMLException e) {
      throw new PolicyFileException(file + ": not valid YAML: " + e.getMessage());
    }
    if (root == null) {
      throw new PolicyFileException(file + ": the site policy file is empty; it must name at least the site, "
          + "its challenges and its release mode");
    }
    Map<String, NodeTuple> top = mapping(root, "the policy", KEYS);
    String site = text(required(top, "site", root), "site");
    if (!site.matches(NAME)) {
      throw at(top.get("site").getValueNode(), "site must be a site name as the challenge declares it "
          + "(a lowercase letter, then lowercase letters, digits or '-', at most 32), not '" + site + "'");
    }
    Set<String> challenges = words(required(top, "challenges", root), "challenges", SLUG, "a challenge slug");
    if (challenges.isEmpty()) {
      throw at(top.get("challenges").getValueNode(), "challenges lists no challenge: a site must name those it serves");
    }
    Ceilings ceilings = top.containsKey("ceilings") ? ceilings(top.get("ceilings").getValueNode()) : Ceilings.NONE;
    Set<String> images = top.containsKey("scoringImages")
        ? words(top.get("scoringImages").getValueNode(), "scoringImages", DIGEST, "an image digest sha256:<64 hex>")
        : Set.of();
    int minCells = top.containsKey("minCellCount")
        ? (int) whole(top.get("minCellCount").getValueNode(), "minCellCount", 1, 1_000_000)
        : SitePolicy.DEFAULT_MIN_CELL_COUNT;
    Set<String> countMetrics = top.containsKey("countMetrics")
        ? words(top.get("countMetrics").getValueNode(), "countMetrics", "[A-Za-z0-9_.-]{1,64}", "a metric name")
        : Set.of();
    Node releaseNode = required(top, "release", root);
    String word = text(releaseNode, "release");
    Release release = switch (word) {
      case "automatic" -> Release.AUTOMATIC;
      case "manual" -> Release.MANUAL;
      default -> throw at(releaseNode, "release must be 'automatic' or 'manual', not '" + word + "'");
    };
    Path outbox = top.containsKey("outbox") ? Path.of(text(top.get("outbox").getValueNode(), "outbox")) : null;
    return new SitePolicy(site, challenges, ceilings, images, minCells, countMetrics, release, outbox);
  }

  private Ceilings ceilings(Node node) throws PolicyFileException {
    Map<String, NodeTuple> keys = mapping(node, "ceilings", CEILING_KEYS);
    Double cpus = null;
    if (keys.containsKey("cpus")) {
      Node v = keys.get("cpus").getValueNode();
      String s = text(v, "ceilings.cpus");
      try {
        cpus = Double.parseDouble(s);
      } catch (NumberFormatException e) {
        cpus = Double.NaN;
      }
      if (!(cpus > 0) || cpus.isInfinite()) {
        throw at(v, "ceilings.cpus must be a positive number of cores (e.g. 2 or 0.5), not '" + s + "'");
      }
    }
    Long memory = keys.containsKey("memoryMiB")
        ? whole(keys.get("memoryMiB").getValueNode(), "ceilings.memoryMiB", 1, Long.MAX_VALUE >> 20) : null;
    Long wall = keys.containsKey("wallClockSeconds")
        ? whole(keys.get("wallClockSeconds").getValueNode(), "ceilings.wallClockSeconds", 1, Long.MAX_VALUE) : null;
    Integer gpus = keys.containsKey("gpus")
        ? (int) whole(keys.get("gpus").getValueNode(), "ceilings.gpus", 0, 1024) : null;
    return new Ceilings(cpus, memory, wall, gpus);
  }

  /** The keys of a mapping, each known and given once. */
  private Map<String, NodeTuple> mapping(Node node, String what, Set<String> known) throws PolicyFileException {
    if (!(node instanceof MappingNode map)) {
      throw at(node, what + " must be a mapping of keys to values");
    }
    Map<String, NodeTuple> keys = new HashMap<>();
    for (NodeTuple t : map.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
      if (key == null || !known.contains(key)) {
        throw at(t.getKeyNode(), "unknown key '" + (key == null ? "?" : key) + "' in " + what + "; known keys: "
            + String.join(", ", known.stream().sorted().toList()));
      }
      if (keys.put(key, t) != null) {
        throw at(t.getKeyNode(), "key '" + key + "' is given twice in " + what);
      }
    }
    return keys;
  }

  private Node required(Map<String, NodeTuple> keys, String key, Node parent) throws PolicyFileException {
    NodeTuple t = keys.get(key);
    if (t == null) {
      throw at(parent, "the policy has no '" + key + "'; it is required");
    }
    return t.getValueNode();
  }

  private String text(Node node, String what) throws PolicyFileException {
    if (!(node instanceof ScalarNode s) || s.getValue().isBlank()) {
      throw at(node, what + " must be a single value");
    }
    return s.getValue().strip();
  }

  private long whole(Node node, String what, long min, long max) throws PolicyFileException {
    String s = text(node, what);
    try {
      long v = Long.parseLong(s);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below, with the line
    }
    throw at(node, what + " must be a whole number from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max)
        + ", not '" + s + "'");
  }

  /** A list of distinct words of {@code pattern}. */
  private Set<String> words(Node node, String what, String pattern, String kind) throws PolicyFileException {
    if (!(node instanceof SequenceNode seq)) {
      throw at(node, what + " must be a list, e.g. " + what + ": [a, b]");
    }
    Set<String> words = new LinkedHashSet<>();
    List<Node> items = new ArrayList<>(seq.getValue());
    for (Node item : items) {
      String w = text(item, "each entry of " + what);
      if (!w.matches(pattern)) {
        throw at(item, "'" + w + "' in " + what + " is not " + kind);
      }
      if (!words.add(w)) {
        throw at(item, "'" + w + "' is listed twice in " + what);
      }
    }
    return words;
  }

  private PolicyFileException at(Node node, String message) {
    return new PolicyFileException(file + " line " + (node.getStartMark().getLine() + 1) + ": " + message);
  }
}
