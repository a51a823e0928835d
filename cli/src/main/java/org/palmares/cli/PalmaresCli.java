package org.palmares.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code palmares}, the competitor's command line. Exit codes: 0 done (for {@code submit}: scored),
 * 1 refused by the platform or failed (the API's message is printed), 2 a usage error.
 */
@Command(name = "palmares", mixinStandardHelpOptions = true, version = "palmares CLI 0.1.0",
    description = "Submit container images to a Palmarès challenge and follow them.",
    subcommands = {PalmaresCli.Submit.class, PalmaresCli.Status.class, PalmaresCli.Leaderboard.class})
public final class PalmaresCli {
  static final int REFUSED = 1;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PalmaresCli()).execute(args));
  }

  /** Where the platform is and who one is there (shared by every command). */
  static final class Connection {
    @Option(names = "--url", paramLabel = "URL",
        description = "The platform, e.g. https://challenges.example.org. Default: PALMARES_URL, else "
            + Credentials.DEFAULT_URL)
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
        description = "A personal access token (from your account page). Default: PALMARES_TOKEN, else the file "
            + "~/.config/palmares/token (chmod 600)")
    String token;

    ApiClient client(boolean tokenNeeded) throws ApiException {
      Credentials c;
      try {
        c = Credentials.resolve(url, token, System.getenv(), Path.of(System.getProperty("user.home")));
      } catch (Credentials.UnsafeTokenFile e) {
        throw new ApiException(0, "unsafe_token_file", e.getMessage());
      } catch (IOException e) {
        throw new ApiException(0, "token_file", Texts.TERMINAL.get("token.unreadable", e.getMessage()));
      }
      if (tokenNeeded && c.token() == null) {
        throw new ApiException(0, "no_token", Texts.TERMINAL.get("token.none", c.url(),
            Credentials.tokenFile(System.getenv(), Path.of(System.getProperty("user.home")))));
      }
      return new ApiClient(c);
    }
  }

  /** A command's work; a refusal by the platform becomes its sentence on stderr and exit code 1. */
  abstract static class Work implements Callable<Integer> {
    @Mixin Connection connection = new Connection();

    abstract int run() throws ApiException, InterruptedException;

    @Override
    public Integer call() throws InterruptedException {
      try {
        return run();
      } catch (ApiException e) {
        System.err.println("palmares: " + e.getMessage() + (e.status() > 0 ? " (HTTP " + e.status() + ", "
            + e.code() + ")" : ""));
        return REFUSED;
      }
    }
  }

  @Command(name = "submit", mixinStandardHelpOptions = true,
      description = "Streams 'docker save IMAGE' to the challenge (never stored on disk or held in memory), then "
          + "follows the submission until it is scored or fails. Exit code 0 when scored.")
  static final class Submit extends Work {
    @Option(names = "--challenge", required = true, paramLabel = "SLUG", description = "The challenge")
    String challenge;

    @Option(names = "--phase", required = true, paramLabel = "PHASE", description = "The phase, e.g. sanity or final")
    String phase;

    @Option(names = "--no-wait", description = "Do not follow the submission: print its id and end")
    boolean noWait;

    @Option(names = "--timeout", defaultValue = "PT3H", paramLabel = "DURATION",
        description = "How long to follow it at most (ISO-8601, e.g. PT30M). Default: ${DEFAULT-VALUE}")
    Duration timeout;

    @Parameters(paramLabel = "IMAGE", description = "A local Docker image, e.g. my-model:latest")
    String image;

    @Override
    int run() throws ApiException, InterruptedException {
      ApiClient api = connection.client(true);
      Process save = Docker.save(image); // first: the engine prepares the archive while the image is inspected
      long size;
      try {
        size = Docker.imageSize(image);
      } catch (ApiException noImage) {
        Docker.stop(save);
        throw noImage;
      }
      Progress progress = new Progress(System.err, System.console() != null, size, System::nanoTime);
      InputStream archive = progress.counting(save.getInputStream());
      JsonNode submission;
      try {
        submission = api.upload("/api/challenges/" + ApiClient.encode(challenge) + "/submissions?phase="
            + ApiClient.encode(phase), () -> archive);
      } catch (ApiException refused) {
        Docker.stop(save);
        throw refused;
      }
      progress.done();
      Docker.finished(save, image);
      System.out.println("Submitted " + image + " as " + submission.path("id").asText() + " (" + challenge
          + ", phase " + phase + "); status " + submission.path("status").asText());
      if (noWait) {
        return 0;
      }
      JsonNode last = follow(api, submission, timeout);
      Views.outcome(last, System.out);
      return "SCORED".equals(last.path("status").asText()) ? 0 : REFUSED;
    }
  }

  /**
   * Polls the submission (every 2 s, or what a 429 says) until it ends, printing each change of
   * status. Polling rather than the board's event stream: the stream says a board changed, not
   * what became of this submission.
   */
  static JsonNode follow(ApiClient api, JsonNode submission, Duration timeout)
      throws ApiException, InterruptedException {
    String id = submission.path("id").asText();
    Instant deadline = Instant.now().plus(timeout);
    String status = submission.path("status").asText();
    JsonNode last = submission;
    while (!Views.terminal(last)) {
      if (Instant.now().isAfter(deadline)) {
        throw new ApiException(0, "timeout", Texts.TERMINAL.get("follow.timeout", id, status, timeout));
      }
      long waitSeconds = 2;
      try {
        last = api.get("/api/submissions/" + ApiClient.encode(id));
      } catch (ApiException e) {
        if (e.status() != 429 && e.status() != 503) {
          throw e;
        }
        waitSeconds = Math.max(waitSeconds, e.retryAfter);
      }
      if (!last.path("status").asText().equals(status)) {
        status = last.path("status").asText();
        System.err.println("Status: " + status);
      }
      if (!Views.terminal(last)) {
        TimeUnit.SECONDS.sleep(waitSeconds);
      }
    }
    return last;
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "One submission in full (with its ID), or the team's submissions of a challenge (--challenge), "
          + "or of every challenge one takes part in.")
  static final class Status extends Work {
    @Parameters(arity = "0..1", paramLabel = "ID", description = "A submission id")
    String id;

    @Option(names = "--challenge", paramLabel = "SLUG", description = "Only this challenge's submissions")
    String challenge;

    @Override
    int run() throws ApiException, InterruptedException {
      ApiClient api = connection.client(true);
      if (id != null) {
        Views.outcome(api.get("/api/submissions/" + ApiClient.encode(id)), System.out);
        return 0;
      }
      List<String> slugs = new java.util.ArrayList<>();
      if (challenge != null) {
        slugs.add(challenge);
      } else {
        api.get("/api/challenges").path("challenges").forEach(c -> slugs.add(c.path("slug").asText()));
      }
      int shown = 0;
      for (String slug : slugs) {
        JsonNode mine;
        try {
          mine = api.get("/api/challenges/" + ApiClient.encode(slug) + "/submissions");
        } catch (ApiException e) {
          if (challenge == null && e.status() == 403) {
            continue; // not in a team of this challenge
          }
          throw e;
        }
        System.out.println(slug + " (team " + mine.path("team").asText() + "):");
        for (JsonNode s : mine.path("submissions")) {
          System.out.println("  " + Views.line(s));
        }
        shown++;
      }
      if (shown == 0) {
        System.out.println(Texts.TERMINAL.get("team.none"));
      }
      return 0;
    }
  }

  @Command(name = "leaderboard", mixinStandardHelpOptions = true,
      description = "A phase's public leaderboard (no token needed).")
  static final class Leaderboard extends Work {
    @Option(names = "--challenge", required = true, paramLabel = "SLUG", description = "The challenge")
    String challenge;

    @Option(names = "--phase", paramLabel = "PHASE", description = "The phase. Default: the current one")
    String phase;

    @Override
    int run() throws ApiException, InterruptedException {
      ApiClient api = connection.client(false);
      Views.leaderboard(api.get("/api/challenges/" + ApiClient.encode(challenge) + "/leaderboard"
          + (phase == null ? "" : "?phase=" + ApiClient.encode(phase))), System.out);
      return 0;
    }
  }

  /** The local Docker engine, through its own command line (what a competitor has). */
  static final class Docker {
    private Docker() {}

    /** The image's size in bytes (about the archive's), or refused when there is no such image. */
    static long imageSize(String image) throws ApiException, InterruptedException {
      Process inspect = start(List.of("docker", "image", "inspect", "--format", "{{.Size}}", image));
      String out = read(inspect.getInputStream());
      String err = read(inspect.getErrorStream());
      if (inspect.waitFor() != 0) {
        throw new ApiException(0, "no_image", Texts.TERMINAL.get("image.none", image)
            + (err.isBlank() ? "" : ": " + err.strip()));
      }
      try {
        return Long.parseLong(out.strip());
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    /** {@code docker save IMAGE}, its archive on the process's standard output. */
    static Process save(String image) throws ApiException {
      Process p = start(List.of("docker", "save", image));
      try {
        p.getOutputStream().close(); // it reads nothing
      } catch (IOException ignored) {
        // already closed
      }
      return p;
    }

    /** Checks that {@code docker save} succeeded (a cut archive would have been refused anyway). */
    static void finished(Process save, String image) throws ApiException, InterruptedException {
      String err = read(save.getErrorStream());
      if (!save.waitFor(60, TimeUnit.SECONDS) || save.exitValue() != 0) {
        throw new ApiException(0, "docker_save", Texts.TERMINAL.get("docker.save", image, err.strip()));
      }
    }

    static void stop(Process p) {
      p.destroy();
    }

    private static Process start(List<String> command) throws ApiException {
      try {
        return new ProcessBuilder(command).start();
      } catch (IOException e) {
        throw new ApiException(0, "no_docker", Texts.TERMINAL.get("docker.none", e.getMessage()));
      }
    }

    private static String read(InputStream in) {
      try {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
