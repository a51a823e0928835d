package org.palmares.evaluator.scoring.image;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.palmares.evaluator.protocol.ProblemKind;
import org.palmares.evaluator.scoring.InvalidPredictionsException;

/**
 * The per-case JSON of a detection task: a submission's detections, or the organizer's lesions.
 * Strict and bounded; each problem is one sentence naming the case and the object ("case 3:
 * detection 2 has no probability"). The format (documented in {@code docs/challenge-format.md}):
 *
 * <pre>{@code
 * {"detections": [
 *   {"point": [x, y], "probability": 0.93},
 *   {"box": [x0, y0, x1, y1], "probability": 0.41}
 * ]}
 * }</pre>
 *
 * <p>Coordinates are in pixels of the case's image (x along columns, y along rows, z along slices
 * for a volume: 3 coordinates per point, 6 per box), the centre of pixel (i, j) being (i, j), so
 * a coordinate lies in [-0.5, side - 0.5]. A box gives its low corner then its high corner. The
 * lesions file has the same shape under {@code "lesions"}, without probabilities. No other key is
 * allowed; a key twice is refused; numbers are JSON numbers (no strings, no NaN).
 */
public final class DetectionsFile {

  /** The largest detections file: 4 MiB, room for the most detections at full precision. */
  public static final long MAX_BYTES = 4L << 20;
  /** The most detections per case: matching costs detections × lesions. */
  public static final int MAX_DETECTIONS = 10_000;

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private DetectionsFile() {}

  /**
   * A submission's detections for one case.
   *
   * @param size the case image's size ({@code [width, height, depth]}); depth 1 means 2-D
   * @throws InvalidPredictionsException naming the case and the problem
   * @throws IOException                 if the file cannot be read for reasons of our own
   */
  public static List<Detection> detections(Path file, String caseId, int[] size)
      throws InvalidPredictionsException, IOException {
    List<Detection> detections = new ArrayList<>();
    for (Item item : read(file, caseId, size, "detections", "detection")) {
      detections.add(new Detection(item.location(), item.probability()));
    }
    return detections;
  }

  /**
   * The organizer's lesions for one case (the hidden truth).
   *
   * @throws IllegalStateException naming the case and the problem: the bundle is wrong
   */
  public static List<Location> lesions(Path file, String caseId, int[] size) throws IOException {
    try {
      return read(file, caseId, size, "lesions", "lesion").stream().map(Item::location).toList();
    } catch (InvalidPredictionsException e) {
      throw new IllegalStateException("the hidden lesions file " + file.getFileName() + ": "
          + e.getMessage(), e);
    }
  }

  private record Item(Location location, double probability) {}

  private static List<Item> read(Path file, String caseId, int[] size, String key, String noun)
      throws InvalidPredictionsException, IOException {
    String where = "case " + caseId + ": ";
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidPredictionsException(ProblemKind.NOT_A_REGULAR_FILE,
          where + "the " + key + " file is not a regular file");
    }
    if (Files.size(file) > MAX_BYTES) {
      throw new InvalidPredictionsException(ProblemKind.FILE_TOO_LARGE, where + "the " + key
          + " file is larger than " + (MAX_BYTES >> 20) + " MiB");
    }
    // Decoded as UTF-8 here, strictly: left to guess, Jackson may take a file for UTF-16 or 32 and
    // fail with an IOException of its own rather than a refusal.
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidPredictionsException(ProblemKind.NOT_UTF8, where + "the " + key
          + " file is not valid UTF-8 text");
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonParseException e) {
      String original = String.valueOf(e.getOriginalMessage());
      boolean twice = original.startsWith("Duplicate field");
      throw new InvalidPredictionsException(ProblemKind.INVALID_OUTPUT, where + "the " + key
          + " file " + (twice ? "has a key twice" : "is not valid JSON")
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")"));
    } catch (JsonProcessingException e) {
      throw new InvalidPredictionsException(ProblemKind.INVALID_OUTPUT, where + "the " + key
          + " file is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw invalid(where + "the " + key + " file must be a JSON object {\"" + key + "\": [...]}");
    }
    onlyKeys(root, Set.of(key), where + "the file");
    JsonNode array = root.get(key);
    if (array == null || !array.isArray()) {
      throw invalid(where + "the file has no array \"" + key + "\"");
    }
    if (array.size() > MAX_DETECTIONS) {
      throw new InvalidPredictionsException(ProblemKind.TOO_MANY_ROWS, where + "the file has "
          + array.size() + " " + key + "; at most " + MAX_DETECTIONS + " are allowed");
    }
    boolean scored = key.equals("detections");
    int dims = size[2] > 1 ? 3 : 2;
    List<Item> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String what = where + noun + " " + (i + 1);
      JsonNode node = array.get(i);
      if (!node.isObject()) {
        throw invalid(what + " is not a JSON object");
      }
      onlyKeys(node, scored ? Set.of("point", "box", "probability") : Set.of("point", "box"),
          what);
      boolean isPoint = node.has("point");
      if (isPoint == node.has("box")) {
        throw invalid(what + " must have either \"point\" or \"box\"");
      }
      double[] coordinates = numbers(node.get(isPoint ? "point" : "box"), what,
          isPoint ? dims : 2 * dims, isPoint ? "point" : "box");
      for (int c = 0; c < coordinates.length; c++) {
        int axis = c % dims;
        if (coordinates[c] < -0.5 || coordinates[c] > size[axis] - 0.5) {
          throw new InvalidPredictionsException(ProblemKind.OUT_OF_RANGE, what + " lies outside"
              + " the image (" + "xyz".charAt(axis) + " = " + coordinates[c] + ", the image is "
              + SegmentationMetrics.describe(size) + ")");
        }
      }
      if (!isPoint) {
        for (int a = 0; a < dims; a++) {
          if (coordinates[a] > coordinates[a + dims]) {
            throw invalid(what + " has its low corner above its high corner along "
                + "xyz".charAt(a));
          }
        }
      }
      double probability = 1;
      if (scored) {
        JsonNode p = node.get("probability");
        if (p == null) {
          throw new InvalidPredictionsException(ProblemKind.EMPTY_VALUE, what
              + " has no probability");
        }
        if (!p.isNumber()) {
          throw new InvalidPredictionsException(ProblemKind.NOT_A_NUMBER, what
              + " has a probability that is not a number");
        }
        probability = p.doubleValue();
        if (!(probability >= 0 && probability <= 1)) {
          throw new InvalidPredictionsException(ProblemKind.OUT_OF_RANGE, what
              + " has probability " + p.asText() + ", outside [0, 1]");
        }
      }
      items.add(new Item(isPoint ? Location.point(coordinates) : Location.box(coordinates),
          probability));
    }
    return items;
  }

  private static double[] numbers(JsonNode node, String what, int count, String field)
      throws InvalidPredictionsException {
    if (!node.isArray() || node.size() != count) {
      boolean flat = field.equals("point") ? count == 2 : count == 4;
      throw invalid(what + ": \"" + field + "\" must be an array of " + count + " numbers (the"
          + " image is " + (flat ? "2-D" : "3-D") + ")");
    }
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      JsonNode v = node.get(i);
      if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
        throw new InvalidPredictionsException(ProblemKind.NOT_A_NUMBER, what + ": \"" + field
            + "\" holds something other than a finite number");
      }
      values[i] = v.doubleValue();
    }
    return values;
  }

  private static void onlyKeys(JsonNode node, Set<String> allowed, String what)
      throws InvalidPredictionsException {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw invalid(what + " has an unknown key \"" + name + "\"; allowed: "
            + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  private static InvalidPredictionsException invalid(String message) {
    return new InvalidPredictionsException(ProblemKind.INVALID_OUTPUT, message);
  }
}
