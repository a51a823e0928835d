package org.palmares.evaluator.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The in-container supervisor: a static busybox, bind-mounted read-only, runs as the container's
 * PID 1 and keeps the limits that must hold even when no evaluator watches any more.
 *
 * <p>It runs the image's own entrypoint and command under {@code busybox timeout -s KILL}, with
 * the model's stdout sent to stderr (so the logs are stderr only) and the real stdout closed to
 * it; when the model ends (or is killed at the deadline) it kills whatever the model left running,
 * then writes {@code tar -c -C /output .} to the real stdout, which the evaluator reads, and exits
 * with the model's code. busybox's timeout execs the model in place and kills it from a forked
 * watcher: the shell, PID 1, stays ours.
 */
final class Supervisor {
  /** Where the static busybox appears inside the container. */
  static final String BUSYBOX = "/.palmares/busybox";

  /** What the shell runs: {@code $1} is the time limit in seconds, the rest is the model's argv. */
  static final String SCRIPT = String.join("\n",
      "t=$1; shift",
      "exec 3>&1 1>&2",
      "[ $# -gt 0 ] || { echo 'the image has no entrypoint or command to run' >&2; exit 127; }",
      // busybox runs its own applet for a bare name (sh, ls...): resolve it in the image's PATH first
      "p=$1; shift",
      "case $p in */*) ;; *) o=$IFS; IFS=:; for d in $PATH; do "
          + "if [ -f \"$d/$p\" ] && [ -x \"$d/$p\" ]; then p=$d/$p; break; fi; done; IFS=$o ;; esac",
      BUSYBOX + " timeout -s KILL \"$t\" \"$p\" \"$@\" 3>&-",
      "c=$?",
      BUSYBOX + " kill -9 -1 2>/dev/null",
      BUSYBOX + " tar -c -C " + DockerSandbox.OUTPUT_DIR + " . >&3",
      "exit $c");

  private Supervisor() {}

  /** The container's entrypoint: busybox's shell with the script and its name. */
  static List<String> entrypoint() {
    return List.of(BUSYBOX, "sh", "-c", SCRIPT, "palmares");
  }

  /**
   * The container's command: the limit, then the image's entrypoint followed by its command, as
   * the engine would have run them.
   */
  static List<String> command(long limitSeconds, String[] imageEntrypoint, String[] imageCmd) {
    List<String> argv = new ArrayList<>();
    argv.add(String.valueOf(limitSeconds));
    if (imageEntrypoint != null) {
      argv.addAll(List.of(imageEntrypoint));
    }
    if (imageCmd != null) {
      argv.addAll(List.of(imageCmd));
    }
    return argv;
  }
}
