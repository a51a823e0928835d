package org.palmares.evaluator.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.protocol.ProtocolJson;
import org.palmares.evaluator.protocol.Wire;

/**
 * Where scored results wait at a manual-release site until its operator decides, on disk so that
 * they survive restarts, readable by the site's account only (0700 folders, 0600 files): they hold
 * the site's results before anyone approved them. One folder per result, named
 * {@code <submission>.<attempt>}:
 * <ul>
 * <li>{@code job.json}: the job (to release it with {@code JobChannel.release});</li>
 * <li>{@code release.json}: the exact bytes sent if approved, a {@link Wire.ReleaseRequest} written
 *     by {@link ProtocolJson#MAPPER} (what {@code ReleaseCli show} prints);</li>
 * <li>{@code decision}: {@code approved <sha-256 of release.json>} or {@code rejected}, written once by the
 *     operator: an approval is of those bytes, and nothing else is sent under it;</li>
 * <li>{@code outcome}: what the platform made of it ({@code delivered ...} or {@code refused ...}),
 *     written once by the evaluator; the folder is kept as the site's record.</li>
 * </ul>
 * Every file is written whole (a temporary file moved into place), so a crash leaves either the
 * old state or the new one.
 */
public final class Outbox {
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  static final String JOB = "job.json";
  static final String RELEASE = "release.json";
  static final String DECISION = "decision";
  static final String OUTCOME = "outcome";
  private static final String SAFE = "[A-Za-z0-9_-]{1,128}";

  /** Where an entry stands. */
  public enum State {
    /** Waits for the operator. */
    AWAITING_DECISION,
    /** Approved or rejected; the evaluator sends the decision (again after a restart, if need be). */
    DECIDED,
    /** The platform holds the decision. */
    DELIVERED,
    /** The platform would not take it (see the outcome file). */
    REFUSED
  }

  /**
   * One result in the outbox.
   *
   * @param decision {@code approved}, {@code rejected} or null
   * @param outcome  what the platform answered, or null
   */
  public record Entry(String id, Job job, byte[] approval, Instant heldAt, String decisionLine, String outcome) {
    /** {@code approved}, {@code rejected} or null. */
    public String decision() {
      return decisionLine == null ? null : decisionLine.split(" ", 2)[0];
    }

    /** The digest of the bytes the operator approved, or null. */
    String approvedDigest() {
      String[] words = decisionLine == null ? new String[0] : decisionLine.split(" ");
      return words.length == 2 && words[0].equals("approved") ? words[1] : null;
    }

    public State state() {
      if (outcome != null) {
        return outcome.startsWith("delivered") ? State.DELIVERED : State.REFUSED;
      }
      return decisionLine == null ? State.AWAITING_DECISION : State.DECIDED;
    }

    /** The exact bytes the decision sends: the approval, or the withholding. */
    public byte[] bytesSent() {
      return "rejected".equals(decision()) ? Outbox.rejection(job) : approval;
    }
  }

  private final Path dir;

  private Outbox(Path dir) {
    this.dir = dir;
  }

  /** Opens (making it if need be) the outbox at {@code dir}, and makes it owner-only. */
  public static Outbox open(Path dir) {
    try {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
      }
      Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the outbox " + dir + ": " + e.getMessage(), e);
    }
    return new Outbox(dir);
  }

  public Path dir() {
    return dir;
  }

  /** The bytes an approval of {@code report} sends. */
  static byte[] approval(Job job, JobReport report) {
    return bytes(new Wire.ReleaseRequest(job.attempt(), true, report));
  }

  /** The bytes a rejection sends. */
  static byte[] rejection(Job job) {
    return bytes(new Wire.ReleaseRequest(job.attempt(), false, null));
  }

  private static byte[] bytes(Object body) {
    try {
      return ProtocolJson.MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Puts a scored report (already through {@link Disclosure}) in the outbox. Holding the same
   * attempt again (the report sent again after a restart) keeps the first.
   *
   * @return the entry's id
   */
  public String hold(Job job, JobReport report) throws IOException {
    String id = idOf(job);
    Path entry = dir.resolve(id);
    if (Files.isRegularFile(entry.resolve(RELEASE), LinkOption.NOFOLLOW_LINKS)) {
      return id;
    }
    Path staging = Files.createTempDirectory(dir, ".staging-", PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
    write(staging.resolve(JOB), bytes(job));
    write(staging.resolve(RELEASE), approval(job, report));
    try {
      Files.move(staging, entry, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
      deleteTree(staging); // another hold of the same attempt won
    }
    return id;
  }

  /** The outbox's entries, oldest first. */
  public List<Entry> entries() throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.filter(p -> p.getFileName().toString().matches(SAFE + "\\.[0-9]{1,9}")).toList()) {
        find(p.getFileName().toString()).ifPresent(entries::add);
      }
    }
    entries.sort(Comparator.comparing(Entry::heldAt).thenComparing(Entry::id));
    return entries;
  }

  /** The entry of that id, if the outbox has it. */
  public Optional<Entry> find(String id) throws IOException {
    if (!id.matches(SAFE + "\\.[0-9]{1,9}")) {
      return Optional.empty();
    }
    Path entry = dir.resolve(id);
    Path release = entry.resolve(RELEASE);
    if (!Files.isRegularFile(release, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    Job job = ProtocolJson.MAPPER.readValue(Files.readAllBytes(entry.resolve(JOB)), Job.class);
    return Optional.of(new Entry(id, job, Files.readAllBytes(release),
        Files.getLastModifiedTime(release).toInstant(), read(entry.resolve(DECISION)), read(entry.resolve(OUTCOME))));
  }

  /**
   * Records the operator's decision, once.
   *
   * @return null when recorded, else why not (unknown id, already decided)
   */
  public String decide(String id, boolean approve) throws IOException {
    Optional<Entry> entry = find(id);
    if (entry.isEmpty()) {
      return "no result " + id + " in the outbox " + dir;
    }
    if (entry.get().decision() != null) {
      return "result " + id + " was already " + entry.get().decision();
    }
    return writeOnce(dir.resolve(id).resolve(DECISION), approve ? "approved " + sha256(entry.get().approval())
        : "rejected")
        ? null : "result " + id + " was decided meanwhile";
  }

  /** Records what the platform made of the decision (once). */
  void settle(String id, String outcome) throws IOException {
    writeOnce(dir.resolve(id).resolve(OUTCOME), outcome + " " + Instant.now());
  }

  /**
   * The approved request, checked: its bytes must be those the operator approved, and read back as
   * a release request that the channel writes again byte for byte.
   */
  static Wire.ReleaseRequest readApproval(Entry entry) throws IOException {
    if (!sha256(entry.approval()).equals(entry.approvedDigest())) {
      throw new IOException("release.json of " + entry.id() + " changed after the operator approved it");
    }
    Wire.ReleaseRequest request = ProtocolJson.MAPPER.readValue(entry.approval(), Wire.ReleaseRequest.class);
    if (!Arrays.equals(bytes(request), entry.approval()) || !request.approved() || request.report() == null
        || request.attempt() != entry.job().attempt()) {
      throw new IOException("release.json of " + entry.id() + " is not what the evaluator wrote (it was changed)");
    }
    return request;
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String idOf(Job job) {
    if (!job.submissionId().matches(SAFE)) {
      throw new IllegalArgumentException("a submission id the outbox cannot name a folder after: " + job.submissionId());
    }
    return job.submissionId() + "." + job.attempt();
  }

  private static String read(Path file) throws IOException {
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.readString(file).strip() : null;
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.write(Files.createFile(file, OWNER_ONLY_FILE), bytes);
  }

  /** Writes {@code file} whole unless it exists; false when it did. */
  private static boolean writeOnce(Path file, String text) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".tmp-", "", OWNER_ONLY_FILE);
    try {
      Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
      try {
        // a hard link fails if the target exists: no second decision can replace the first
        Files.createLink(file, tmp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | AtomicMoveNotSupportedException e) {
        if (Files.exists(file)) {
          return false;
        }
        Files.move(tmp, file);
        return true;
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
