package org.palmares.evaluator.site;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The site operator's hand on results under manual release:
 * {@code java -cp palmares-evaluator.jar org.palmares.evaluator.site.ReleaseCli list|show ID|approve ID|reject ID
 * --outbox DIR}. {@code show} prints exactly the bytes an approval sends (nothing else, so it can be
 * piped to a file or a JSON viewer); {@code approve} and {@code reject} record the decision in the
 * outbox and the site's running evaluator sends it (at once, or when the platform can be reached
 * again, or after the evaluator's next start).
 */
@Command(name = "release", mixinStandardHelpOptions = true,
    description = "Lists, shows, approves or rejects the results waiting at this site for release.",
    subcommands = {ReleaseCli.ListCommand.class, ReleaseCli.Show.class, ReleaseCli.Approve.class,
        ReleaseCli.Reject.class, ReleaseCli.Serve.class})
public final class ReleaseCli implements Callable<Integer> {
  @Option(names = "--outbox", required = true, scope = CommandLine.ScopeType.INHERIT,
      description = "The evaluator's outbox folder (the policy's 'outbox', else <work>/outbox)")
  Path outbox;

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the command, writing to {@code out} and {@code err}; returns the exit code. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    CommandLine cli = new CommandLine(new ReleaseCli());
    cli.setOut(new java.io.PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      err.println("release: " + e.getMessage());
      return 1;
    });
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return 2;
  }

  private Outbox box() {
    return Outbox.open(outbox);
  }

  @Command(name = "list", description = "Lists the results in the outbox, oldest first, with their state.")
  static final class ListCommand implements Callable<Integer> {
    @CommandLine.ParentCommand ReleaseCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      List<Outbox.Entry> entries = parent.box().entries();
      java.io.PrintWriter out = spec.commandLine().getOut();
      if (entries.isEmpty()) {
        out.println("No result in " + parent.outbox);
        return 0;
      }
      out.printf("%-40s %-28s %-18s %s%n", "ID", "CHALLENGE/PHASE", "STATE", "HELD SINCE");
      for (Outbox.Entry e : entries) {
        out.printf("%-40s %-28s %-18s %s%n", e.id(), e.job().spec().challenge() + "/" + e.job().spec().phase(),
            e.state().name().toLowerCase(java.util.Locale.ROOT), e.heldAt());
      }
      return 0;
    }
  }

  @Command(name = "show", description = "Prints exactly the bytes that approving result ID sends to the platform.")
  static final class Show implements Callable<Integer> {
    @CommandLine.ParentCommand ReleaseCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "ID") String id;

    @Override
    public Integer call() throws Exception {
      Optional<Outbox.Entry> entry = parent.box().find(id);
      if (entry.isEmpty()) {
        spec.commandLine().getErr().println("No result " + id + " in " + parent.outbox + "; see 'list'");
        return 1;
      }
      java.io.PrintWriter out = spec.commandLine().getOut();
      out.print(new String(entry.get().approval(), StandardCharsets.UTF_8));
      out.flush();
      return 0;
    }
  }

  /** Approve and reject: the same command but for the decision. */
  abstract static class Decide implements Callable<Integer> {
    @CommandLine.ParentCommand ReleaseCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "ID") String id;

    abstract boolean approve();

    @Override
    public Integer call() throws Exception {
      Outbox box = parent.box();
      String problem = box.decide(id, approve());
      if (problem != null) {
        spec.commandLine().getErr().println(problem);
        return 1;
      }
      Outbox.Entry entry = box.find(id).orElseThrow();
      java.io.PrintWriter out = spec.commandLine().getOut();
      out.println((approve() ? "Approved " : "Rejected ") + id + ". The evaluator sends these bytes to the platform"
          + " (when it runs and can reach it):");
      out.println(new String(entry.bytesSent(), StandardCharsets.UTF_8));
      return 0;
    }
  }

  @Command(name = "approve", description = "Approves result ID: the bytes 'show' prints are sent to the platform.")
  static final class Approve extends Decide {
    @Override
    boolean approve() {
      return true;
    }
  }

  @Command(name = "reject", description = "Rejects result ID: the platform shows it as withheld by this site.")
  static final class Reject extends Decide {
    @Override
    boolean approve() {
      return false;
    }
  }

  @Command(name = "serve", description = "Serves a page on 127.0.0.1 showing the results and their exact bytes, "
      + "with approve and reject buttons; prints its address (with its key) and runs until stopped.")
  static final class Serve implements Callable<Integer> {
    @CommandLine.ParentCommand ReleaseCli parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--port", defaultValue = "0", description = "Port on 127.0.0.1 (default: any free one)")
    int port;

    @Override
    public Integer call() throws Exception {
      try (ReleasePage page = ReleasePage.start(parent.box(), port)) {
        spec.commandLine().getOut().println("Open " + page.url() + " (this address is the key: do not share it)");
        spec.commandLine().getOut().flush();
        new java.util.concurrent.CountDownLatch(1).await();
      }
      return 0;
    }
  }
}
