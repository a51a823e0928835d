package org.palmares.platform.challenge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.palmares.evaluator.protocol.EvaluationSpec;

/**
 * Which hidden files of the challenges folder other local users can read: the file is readable
 * by its group or by others, and every folder from {@code /} down to it lets them through. The
 * platform warns about them at start-up rather than refusing: that folder is the operator's (a
 * checkout, where modes follow the umask, or a read-only mount), and demo data may be public.
 * Bundles the platform installs itself are owner-only (see {@link ChallengeService}).
 *
 * @param slug  the challenge
 * @param files its readable hidden files, relative to its bundle folder
 * @param fix   the command that makes them unreachable while the sandbox can still read its inputs
 */
public record HiddenDataExposure(String slug, List<String> files, String fix) {

  /** The challenges of {@code catalog} with hidden files other local users can read. */
  public static List<HiddenDataExposure> of(ChallengeCatalog catalog) throws IOException {
    List<HiddenDataExposure> found = new ArrayList<>();
    for (Challenge challenge : catalog.all()) {
      Path bundle = catalog.root().resolve(challenge.slug());
      List<String> readable = new ArrayList<>();
      for (String relative : hiddenFiles(challenge)) {
        Path file = bundle.resolve(relative);
        if (Files.isRegularFile(file) && readableByOthers(file.toAbsolutePath().normalize())) {
          readable.add(relative);
        }
      }
      if (!readable.isEmpty()) {
        // The folder, not the files: the sandbox's user (not us) reads the inputs through a bind mount.
        found.add(new HiddenDataExposure(challenge.slug(), readable, "chmod 700 " + bundle));
      }
    }
    return found;
  }

  /** The sentence logged at start-up. */
  public String warning() {
    return "Other local users can read the hidden data of challenge " + slug + " (" + String.join(", ", files)
        + "): make its folder owner-only with: " + fix + " (the evaluator reads the hidden files itself; the sandbox gets a copy)";
  }

  private static Set<String> hiddenFiles(Challenge challenge) {
    Set<String> files = new LinkedHashSet<>();
    for (Phase phase : challenge.phases()) {
      EvaluationSpec spec = challenge.evaluationSpec(phase);
      files.add(spec.hidden().inputs());
      files.add(spec.hidden().labels());
      if (spec.split() != null && spec.split().publicIds() != null) {
        files.add(spec.split().publicIds());
      }
    }
    return files;
  }

  private static boolean readableByOthers(Path file) throws IOException {
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    boolean byOthers = mode.contains(PosixFilePermission.OTHERS_READ);
    boolean byGroup = mode.contains(PosixFilePermission.GROUP_READ);
    for (Path dir = file.getParent(); dir != null && (byOthers || byGroup); dir = dir.getParent()) {
      Set<PosixFilePermission> crossing = Files.getPosixFilePermissions(dir);
      byOthers &= crossing.contains(PosixFilePermission.OTHERS_EXECUTE);
      byGroup &= crossing.contains(PosixFilePermission.GROUP_EXECUTE);
    }
    return byOthers || byGroup;
  }
}
