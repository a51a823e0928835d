package org.palmares.evaluator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/** Reading image archives without Docker: small archives are built here, in the layout docker save writes. */
class ImageArchiveTest {
  private static final String CONFIG = """
      {"architecture":"amd64","os":"linux","config":{"Cmd":["python3","/app/run.py"]},"rootfs":{"type":"layers","diff_ids":[]}}""";
  private static final String CONFIG_NAME = DigestUtils.sha256Hex(CONFIG) + ".json";

  private static byte[] tar(Map<String, String> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static Map<String, String> image(String config, String manifest) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(CONFIG_NAME, config);
    entries.put("manifest.json", manifest);
    entries.put("repositories", "{\"team/model\":{\"latest\":\"x\"}}");
    return entries;
  }

  private static String manifest(String configName) {
    return "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"palmares/base-python3:bookworm\"],\"Layers\":[]}]";
  }

  @Test
  void theImageIdIsTheDigestOfTheConfigFoundInTheArchive() throws Exception {
    ImageArchive.Manifest m = ImageArchive.inspect(new ByteArrayInputStream(tar(image(CONFIG, manifest(CONFIG_NAME)))));

    assertThat(m.imageId()).isEqualTo("sha256:" + DigestUtils.sha256Hex(CONFIG));
    assertThat(m.architecture()).isEqualTo("amd64");
    assertThat(m.os()).isEqualTo("linux");
    assertThat(m.hasCommand()).isTrue();
  }

  @Test
  void aConfigNamedAfterAnotherImageStillYieldsTheDigestOfItsContent() throws Exception {
    String claimed = "0".repeat(64) + ".json";
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(claimed, CONFIG);
    entries.put("manifest.json", manifest(claimed));

    ImageArchive.Manifest m = ImageArchive.inspect(new ByteArrayInputStream(tar(entries)));

    assertThat(m.imageId()).isEqualTo("sha256:" + DigestUtils.sha256Hex(CONFIG));
  }

  @Test
  void aGzippedArchiveIsReadToo() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(tar(image(CONFIG, manifest(CONFIG_NAME))));
    }
    assertThat(ImageArchive.inspect(new ByteArrayInputStream(gz.toByteArray())).imageId()).startsWith("sha256:");
  }

  @Test
  void bytesThatAreNotATarAreRejectedWithWhatToSend() {
    assertThatThrownBy(() -> ImageArchive.inspect(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ImageArchive.InvalidImageArchiveException.class)
        .hasMessageContaining("docker save");
  }

  @Test
  void aTarWithoutManifestIsNotAnImage() {
    assertThatThrownBy(() -> ImageArchive.inspect(new ByteArrayInputStream(tar(Map.of("model.pkl", "weights")))))
        .isInstanceOf(ImageArchive.InvalidImageArchiveException.class)
        .hasMessageContaining("no manifest.json");
  }

  @Test
  void anArchiveWithTwoImagesIsRejected() {
    String two = "[" + manifest(CONFIG_NAME).substring(1, manifest(CONFIG_NAME).length() - 1) + ","
        + manifest(CONFIG_NAME).substring(1);
    assertThatThrownBy(() -> ImageArchive.inspect(new ByteArrayInputStream(tar(image(CONFIG, two)))))
        .isInstanceOf(ImageArchive.InvalidImageArchiveException.class)
        .hasMessageContaining("holds 2 images");
  }

  @Test
  void aManifestNamingAMissingConfigIsRejected() {
    Map<String, String> entries = Map.of("manifest.json", manifest("missing.json"));
    assertThatThrownBy(() -> ImageArchive.inspect(new ByteArrayInputStream(tar(entries))))
        .isInstanceOf(ImageArchive.InvalidImageArchiveException.class)
        .hasMessageContaining("missing.json");
  }

  @Test
  void anImageWithoutCommandIsReportedAsSuch() throws Exception {
    String noCmd = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{}}";
    String name = DigestUtils.sha256Hex(noCmd) + ".json";
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(name, noCmd);
    entries.put("manifest.json", manifest(name));

    assertThat(ImageArchive.inspect(new ByteArrayInputStream(tar(entries))).hasCommand()).isFalse();
  }

  @Test
  void copyingWithoutTagsDropsEveryTagAndKeepsTheImage() throws Exception {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    ImageArchive.copyWithoutTags(new ByteArrayInputStream(tar(image(CONFIG, manifest(CONFIG_NAME)))), copy);

    Map<String, String> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(copy.toByteArray()))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        entries.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(entries).containsKeys(CONFIG_NAME, "manifest.json").doesNotContainKey("repositories");
    assertThat(entries.get(CONFIG_NAME)).isEqualTo(CONFIG);
    assertThat(new ObjectMapper().readTree(entries.get("manifest.json")).get(0).get("RepoTags").isNull()).isTrue();
    assertThat(ImageArchive.inspect(new ByteArrayInputStream(copy.toByteArray())).imageId())
        .isEqualTo("sha256:" + DigestUtils.sha256Hex(CONFIG));
  }

  @Test
  void longNamesInPaxHeadersAndLinksSurviveInspectionAndTheCopy() throws Exception {
    String longName = "blobs/sha256/" + "d".repeat(150) + "/" + DigestUtils.sha256Hex(CONFIG);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      ImageArchives.put(tar, longName, CONFIG.getBytes(StandardCharsets.UTF_8));
      TarArchiveEntry link = new TarArchiveEntry("layer-copy.tar", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("../" + longName);
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
      ImageArchives.put(tar, "manifest.json", manifest(longName).getBytes(StandardCharsets.UTF_8));
    }

    assertThat(ImageArchive.inspect(new ByteArrayInputStream(bytes.toByteArray())).imageId())
        .isEqualTo("sha256:" + DigestUtils.sha256Hex(CONFIG));
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    ImageArchive.copyWithoutTags(new ByteArrayInputStream(bytes.toByteArray()), copy);
    Map<String, TarArchiveEntry> copied = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(copy.toByteArray()))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        copied.put(e.getName(), e);
      }
    }
    assertThat(copied).containsKeys(longName, "layer-copy.tar", "manifest.json");
    assertThat(copied.get("layer-copy.tar").isSymbolicLink()).isTrue();
    assertThat(copied.get("layer-copy.tar").getLinkName()).isEqualTo("../" + longName);
  }
}
