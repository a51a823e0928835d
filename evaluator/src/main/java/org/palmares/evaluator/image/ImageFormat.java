package org.palmares.evaluator.image;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The image formats an image challenge may declare, by the id bundles use, with the file name
 * endings of each. Which formats a container may write as masks is {@link #writableMask()}.
 */
public enum ImageFormat {
  PNG("png", List.of(".png")),
  TIFF("tiff", List.of(".tif", ".tiff")),
  NIFTI("nifti", List.of(".nii.gz", ".nii")),
  MHA("mha", List.of(".mha", ".mhd")),
  /** A DICOM series: a folder {@code <case>/} of {@code .dcm} files, handed to the container as is. */
  DICOM("dicom", List.of(""));

  private final String id;
  private final List<String> endings;

  ImageFormat(String id, List<String> endings) {
    this.id = id;
    this.endings = endings;
  }

  public String id() {
    return id;
  }

  /** The file name endings, the preferred one first ({@code ""} for a DICOM folder). */
  public List<String> endings() {
    return endings;
  }

  /** Whether masks may be written in this format (a folder of DICOM files cannot be a mask here). */
  public boolean writableMask() {
    return this != DICOM && this != MHA;
  }

  /** Whether masks in this format are read here (DICOM is not: see the package documentation). */
  public boolean readable() {
    return this != DICOM;
  }

  /** The format of this id; the exception lists the known ones. */
  public static ImageFormat byId(String id) {
    return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown image format '" + id + "'; known: "
            + Arrays.stream(values()).map(ImageFormat::id).collect(Collectors.joining(", "))));
  }

  /** The case id a file of this format in a folder stands for, or null when its name does not end as this format's. */
  public String caseOf(Path file) {
    String name = file.getFileName().toString();
    for (String ending : endings) {
      if (!ending.isEmpty() && name.toLowerCase(Locale.ROOT).endsWith(ending) && name.length() > ending.length()) {
        return name.substring(0, name.length() - ending.length());
      }
    }
    return this == DICOM ? name : null;
  }

  /** The file of case {@code id} in {@code folder}: the first ending that exists, else the preferred one. */
  public Path fileOf(Path folder, String id) {
    for (String ending : endings) {
      Path candidate = folder.resolve(id + ending);
      if (java.nio.file.Files.exists(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return candidate;
      }
    }
    return folder.resolve(id + endings.get(0));
  }

  /** The format a file name ends as, or null. */
  public static ImageFormat ofFile(Path file) {
    for (ImageFormat f : values()) {
      if (f != DICOM && f.caseOf(file) != null) {
        return f;
      }
    }
    return null;
  }
}
