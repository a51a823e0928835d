package org.palmares.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
  @TempDir Path home;

  private Path tokenFile(String token, String permissions) throws Exception {
    Path file = home.resolve(".config/palmares/token");
    Files.createDirectories(file.getParent());
    Files.writeString(file, token + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  @Test
  void theFlagComesFirstThenTheEnvironmentThenTheFile() throws Exception {
    tokenFile("from-file", "rw-------");
    Map<String, String> env = Map.of("PALMARES_URL", "https://p.example.org/", "PALMARES_TOKEN", "from-env");

    assertThat(Credentials.resolve("http://x:1", "from-flag", env, home))
        .isEqualTo(new Credentials("http://x:1", "from-flag"));
    assertThat(Credentials.resolve(null, null, env, home))
        .isEqualTo(new Credentials("https://p.example.org", "from-env"));
    assertThat(Credentials.resolve(null, null, Map.of(), home))
        .isEqualTo(new Credentials(Credentials.DEFAULT_URL, "from-file"));
  }

  @Test
  void aTokenFileOthersCanReadIsRefusedWithTheFix() throws Exception {
    Path file = tokenFile("secret", "rw-r--r--");
    assertThatThrownBy(() -> Credentials.resolve(null, null, Map.of("LANG", "C.UTF-8"), home))
        .isInstanceOf(Credentials.UnsafeTokenFile.class)
        .hasMessage("the token file " + file + " can be read by other users; make it yours only: chmod 600 " + file);
  }

  @Test
  void theRefusalIsInTheTerminalsLanguage() throws Exception {
    Path file = tokenFile("secret", "rw-rw----");
    assertThatThrownBy(() -> Credentials.resolve(null, null, Map.of("LANG", "fr_FR.UTF-8"), home))
        .hasMessage("le fichier de jeton " + file + " est lisible par d'autres utilisateurs ; réservez-le à vous "
            + "seul : chmod 600 " + file);
    assertThat(Texts.of(Map.of("LC_ALL", "en_GB.UTF-8", "LANG", "fr_FR.UTF-8")).french()).as("LC_ALL first").isFalse();
    assertThat(Texts.of(Map.of("LC_MESSAGES", "fr_CA.UTF-8")).get("team.none")).startsWith("Vous n'êtes encore");
    assertThat(Texts.of(Map.of()).get("image.none", "m:1")).isEqualTo(
        "there is no image m:1 in the local Docker engine (build it with: docker build -t m:1 .)");
  }

  @Test
  void noTokenAnywhereIsNoToken() throws Exception {
    assertThat(Credentials.resolve(null, null, Map.of(), home).token()).isNull();
    assertThat(Credentials.tokenFile(Map.of("XDG_CONFIG_HOME", "/etc/xdg"), home))
        .isEqualTo(Path.of("/etc/xdg/palmares/token"));
  }
}
