package org.palmares.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.account.Account;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.Tarballs;

/**
 * What another local user of the machine ({@code nobody}, through {@code runuser}) can reach of a
 * running platform: none of its files, and not its database. The folders above the data folder
 * are left open to everyone, as a home or a checkout often is, so only the platform's own modes
 * protect it.
 */
class HostFootprintTest {
  private static final String SLUG = "footprint";

  @TempDir static Path work;
  private static Path data;
  private static Path challenges;
  private static Platform platform;
  private static String blob;
  /** TCP ports this JVM listened on before the platform started (other tests' leftovers, if any). */
  private static Set<Integer> listenersBefore;

  @BeforeAll
  static void start() throws Exception {
    assumeThat(runAs("nobody", "true").exitCode()).as("runuser -u nobody works (tests run as root)").isZero();
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    data = work.resolve("data");
    challenges = Files.createDirectories(work.resolve("challenges"));
    Files.setPosixFilePermissions(challenges, PosixFilePermissions.fromString("rwxr-xr-x"));
    listenersBefore = listeningTcpPorts();
    platform = Platform.start(Platform.Settings.defaults(data, challenges).withPort(0).withEmbeddedEvaluator(false));

    // an installed bundle (with hidden data), a blob and accounts in the database
    Account admin = People.account(platform, "Ada Admin");
    platform.services().accounts().setAdmin(admin.id(), true);
    admin = platform.services().accounts().findByEmail(admin.email()).orElseThrow();
    Path archive = Tarballs.of(Bundles.demoCopy(work.resolve("src"), SLUG, y -> y), work.resolve("bundle.tgz"));
    platform.services().challengeService().install(null, archive, sha256(archive), admin);
    BlobStore blobs = platform.services().blobs();
    Path upload = blobs.newIncomingFile();
    Files.writeString(upload, "a submitted image");
    blob = sha256(upload);
    blobs.adopt(upload, blob);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void anotherLocalUserCanReadNoneOfThePlatformsFiles() {
    List<Path> secrets = List.of(
        data.resolve("db/palmares.mv.db"),
        data.resolve("db/server.uri"),
        platform.services().blobs().file(blob),
        challenges.resolve(SLUG).resolve("hidden/test-labels.csv"),
        challenges.resolve(SLUG).resolve("hidden/test-inputs.csv"),
        challenges.resolve(SLUG).resolve("challenge.yaml"));
    assertThat(secrets).allSatisfy(file -> assertThat(file).exists());

    for (Path file : secrets) {
      Run cat = runAs("nobody", "cat", file.toString());
      assertThat(cat.exitCode()).as("nobody reading " + file + ": " + cat.output()).isNotZero();
      assertThat(cat.output()).contains("Permission denied");
    }
    assertThat(runAs("nobody", "ls", data.toString()).exitCode()).as("nobody listing the data folder").isNotZero();
  }

  @Test
  void theHiddenFilesOfAnInstalledBundleAreOwnerOnlyThemselves() throws IOException {
    // The sandbox gets its inputs through an engine volume the evaluator fills: no other user needs the files.
    for (String hidden : List.of("hidden/test-labels.csv", "hidden/test-inputs.csv")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(challenges.resolve(SLUG).resolve(hidden))))
          .as(hidden).isEqualTo("rw-------");
    }
  }

  @Test
  void everythingTheDataFolderHoldsIsOwnerOnly() throws IOException {
    List<String> open = new ArrayList<>();
    try (Stream<Path> all = Files.walk(data)) {
      for (Path p : all.toList()) {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        String expected = Files.isDirectory(p) ? "rwx------" : Files.isRegularFile(p) ? "rw-------" : null;
        if (expected != null && !PosixFilePermissions.toString(mode).equals(expected)) {
          open.add(data.relativize(p) + " " + PosixFilePermissions.toString(mode));
        }
      }
    }
    assertThat(open).isEmpty();
  }

  @Test
  void theDatabaseListensOnNoNetworkPortAndItsSocketIsOutOfAnotherUsersReach() throws Exception {
    // The only TCP listener the platform opened is its HTTP server.
    Set<Integer> opened = listeningTcpPorts();
    opened.removeAll(listenersBefore);
    assertThat(opened).containsExactly(platform.port());
    assertThat(Files.readString(data.resolve("db/server.uri"))).doesNotContain("127.0.0.1").doesNotContain("localhost");

    // Whatever the database is reached by (the address commands use), nobody cannot connect to it.
    String address = Files.readString(data.resolve("db/server.uri")).trim();
    Run probe = runAs("nobody", javaBinary(), probe().toString(), address);
    assertThat(probe.output()).as(address).contains("refused:");
    assertThat(probe.exitCode()).as(probe.output()).isEqualTo(3);
  }

  @Test
  void theOperatorsCommandsStillReachTheRunningPlatformsDatabase() {
    Account bob = People.account(platform, "Bob");

    int code = new picocli.CommandLine(new Main()).execute("grant-admin", "--data", data.toString(), "--email",
        bob.email());

    assertThat(code).isZero();
    assertThat(platform.services().accounts().findByEmail(bob.email()).orElseThrow().admin()).isTrue();
  }

  /** The TCP ports this process listens on, from /proc (its sockets' inodes matched to listeners). */
  private static Set<Integer> listeningTcpPorts() throws IOException {
    Set<String> ours = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String link = Files.readSymbolicLink(fd).toString();
          if (link.startsWith("socket:[")) {
            ours.add(link.substring(8, link.length() - 1));
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    }
    Set<Integer> ports = new HashSet<>();
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        boolean listening = f[3].equals("0A");
        if (listening && ours.contains(f[9])) {
          ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
        }
      }
    }
    return ports;
  }

  /**
   * A small client, run by nobody, that tries to open a connection to a MongoDB address
   * ({@code mongodb://host:port} or a percent-encoded socket path): exit 0 when it connects, 3 when refused.
   */
  private static Path probe() throws IOException {
    Path dir = Files.createTempDirectory("fp-probe");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path source = dir.resolve("Probe.java");
    Files.writeString(source, """
        import java.net.*;
        import java.nio.channels.SocketChannel;
        public class Probe {
          public static void main(String[] args) throws Exception {
            String host = args[0].replaceFirst("^mongodb://", "").replaceFirst("[/?].*$", "").split(",")[0];
            host = URLDecoder.decode(host, "UTF-8");
            SocketAddress to = host.startsWith("/") ? UnixDomainSocketAddress.of(host)
                : new InetSocketAddress(host.substring(0, host.lastIndexOf(':')),
                    Integer.parseInt(host.substring(host.lastIndexOf(':') + 1)));
            try (SocketChannel c = SocketChannel.open(to)) {
              System.out.println("connected: " + to);
              System.exit(0);
            } catch (Exception e) {
              System.out.println("refused: " + e);
              System.exit(3);
            }
          }
        }
        """);
    Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
    return source;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return DigestUtils.sha256Hex(in);
    }
  }

  record Run(int exitCode, String output) {}

  /** Runs a command as another local user, in a folder that user may enter. */
  static Run runAs(String user, String... command) {
    List<String> line = new ArrayList<>(List.of("runuser", "-u", user, "--"));
    line.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(line).directory(Path.of("/tmp").toFile()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      // what was read is cut: a test failing because a secret was read need not print it all
      return new Run(p.exitValue(), output.length() > 200 ? output.substring(0, 200) + "..." : output);
    } catch (IOException e) {
      return new Run(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Run(-1, e.toString());
    }
  }
}
