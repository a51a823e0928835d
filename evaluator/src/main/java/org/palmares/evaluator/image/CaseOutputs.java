package org.palmares.evaluator.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palmares.evaluator.protocol.ProblemKind;
import org.palmares.evaluator.scoring.InvalidPredictionsException;

/**
 * Finds and checks the per-case files a container wrote under {@code /output} for an image task,
 * before anything is scored: every case has its file, each file opens as its declared format, and
 * each mask has its image's size and spacing (or states none, as a PNG written without a
 * resolution: it is then taken at its image's; the metrics use the truth's spacing). A problem names the case and what is wrong, in
 * English then French ("case 17: the mask is 512×512, the image is 1024×1024"); that detail is
 * shown to a team only where its phase shows logs (the case ids and image sizes are hidden data),
 * elsewhere the team sees the {@link ProblemKind} sentence only.
 */
public final class CaseOutputs {
  private CaseOutputs() {}

  /**
   * The output mask of each case, in case order, each checked against its truth mask's geometry
   * (the truth has its image's geometry: the bundle validator checks it).
   *
   * @param cases        the test cases
   * @param output       the unpacked {@code /output}
   * @param outputFormat the masks' declared format
   * @param truth        the truth mask of each case
   * @param unit         the spacing unit of the challenge
   * @param allowMissing whether a case without a mask is scored at the declared worst values
   *                     (then absent from the map) rather than refused
   * @throws InvalidPredictionsException at the first case with a problem
   */
  public static Map<String, Path> masks(List<String> cases, Path output, ImageFormat outputFormat,
      Map<String, Path> truth, String unit, boolean allowMissing) throws InvalidPredictionsException, IOException {
    Map<String, Path> found = new LinkedHashMap<>();
    for (String id : cases) {
      Path mask = outputFormat.fileOf(output, id);
      if (!Files.exists(mask, LinkOption.NOFOLLOW_LINKS)) {
        if (allowMissing) {
          continue;
        }
        throw new InvalidPredictionsException(ProblemKind.MISSING_CASE_OUTPUT, say(id,
            "missing: no file /output/" + mask.getFileName() + " (masks are " + outputFormat.id() + ")",
            "manquant : pas de fichier /output/" + mask.getFileName() + " (masques au format " + outputFormat.id()
                + ")"));
      }
      ImageGeometry expected = ImageFiles.geometry(truth.get(id), unit);
      ImageGeometry actual;
      try {
        actual = ImageFiles.geometry(mask, unit);
      } catch (ImageFormatException e) {
        throw new InvalidPredictionsException(ProblemKind.UNREADABLE_CASE_OUTPUT, say(id,
            "the mask /output/" + mask.getFileName() + " " + e.getMessage(),
            "le masque /output/" + mask.getFileName() + " n'est pas lisible (" + e.getMessage() + ")"));
      }
      if (!actual.sameSize(expected)) {
        throw new InvalidPredictionsException(ProblemKind.MASK_GEOMETRY, say(id,
            "mask is " + actual.sizeText() + ", image is " + expected.sizeText(),
            "le masque fait " + actual.sizeText() + ", l'image " + expected.sizeText()));
      }
      // A mask file that carries no spacing (a PNG without pHYs, as most libraries write) is taken at
      // its image's; one that states a spacing must state the image's.
      if (!actual.statesNoSpacing() && !actual.sameSpacing(expected)) {
        throw new InvalidPredictionsException(ProblemKind.MASK_GEOMETRY, say(id,
            "mask spacing is " + actual.spacingText() + " " + unit + ", image spacing is " + expected.spacingText()
                + " " + unit,
            "l'espacement du masque est " + actual.spacingText() + " " + unit + ", celui de l'image "
                + expected.spacingText() + " " + unit));
      }
      found.put(id, mask);
    }
    return found;
  }

  /** The file of each case in a folder of the site (truth masks), whatever readable format each is in. */
  public static Map<String, Path> truthFiles(List<String> cases, Path folder) throws IOException {
    Map<String, Path> files = new LinkedHashMap<>();
    for (String id : cases) {
      Path file = null;
      for (ImageFormat f : ImageFormat.values()) {
        if (f.readable() && Files.isRegularFile(f.fileOf(folder, id), LinkOption.NOFOLLOW_LINKS)) {
          file = f.fileOf(folder, id);
          break;
        }
      }
      if (file == null) {
        throw new java.io.FileNotFoundException("this site has no truth mask of case " + id + " in " + folder);
      }
      files.put(id, file);
    }
    return files;
  }

  private static String say(String id, String english, String french) {
    return "case " + id + ": " + english + " / cas " + id + " : " + french;
  }
}
