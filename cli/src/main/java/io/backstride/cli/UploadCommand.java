package io.backstride.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backstride upload FILE... --athlete ID}: posts activity files to a running ingest service
 * and prints one line per file, {@code FILE: STATUS activityId} or {@code FILE: STATUS detail}. The
 * exit code is 1 when any file was not accepted, so that scripts can tell.
 */
@Command(
    name = "upload",
    description = "Upload activity files (GPX, TCX, FIT; .gz allowed) to a running service.")
final class UploadCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Activity files to upload.")
  List<Path> files;

  @Option(
      names = "--athlete",
      required = true,
      description = "The athlete the files belong to (A-Z, a-z, 0-9, '_', '-').")
  String athleteId;

  @Mixin IngestServiceOptions service;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Arguments.athleteId(spec, "--athlete", athleteId);
    IngestClient client = service.client(spec);
    int failed = 0;
    for (Path file : files) {
      Outcome outcome = upload(client, athleteId, file);
      out.println(file + ": " + outcome.line());
      out.flush();
      if (!outcome.accepted()) {
        failed++;
      }
    }
    return failed == 0 ? 0 : 1;
  }

  /**
   * The result of one upload.
   *
   * @param status the HTTP status, or 0 when no answer came (unreadable file, no connection)
   * @param activityId the id the service gave, when accepted
   * @param detail what went wrong, when not accepted
   * @param warning when accepted, why the trends will not count it, if the service could tell
   */
  record Outcome(int status, String activityId, String detail, String warning) {
    Outcome(int status, String activityId, String detail) {
      this(status, activityId, detail, null);
    }

    boolean accepted() {
      return status == 202;
    }

    /** Accepted, but the service said the trends will not count it. */
    boolean notCountable() {
      return accepted() && warning != null;
    }

    String line() {
      if (accepted()) {
        return "202 " + activityId + (warning == null ? "" : " (warning: " + warning + ")");
      }
      return (status == 0 ? "failed" : String.valueOf(status)) + " " + detail;
    }
  }

  /** Uploads one file; never throws for a file or network problem, it is an outcome. */
  static Outcome upload(IngestClient client, String athleteId, Path file)
      throws InterruptedException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new Outcome(0, null, "no such file");
    } catch (IOException e) {
      return new Outcome(0, null, "cannot read the file: " + e.getMessage());
    }
    return post(client, athleteId, file.getFileName().toString(), bytes);
  }

  /** Posts bytes named {@code name}; the outcome says what the service answered. */
  static Outcome post(IngestClient client, String athleteId, String name, byte[] bytes)
      throws InterruptedException {
    IngestClient.Response response;
    try {
      response = client.uploadFile(athleteId, name, bytes);
    } catch (IOException e) {
      return new Outcome(0, null, client.noAnswer(e));
    }
    JsonNode body = parse(response.body());
    if (response.status() == 202) {
      String warning = body.path("warning").asText("");
      return new Outcome(
          202, body.path("activityId").asText(null), null, warning.isEmpty() ? null : warning);
    }
    String detail = body.path("detail").asText("");
    return new Outcome(response.status(), null, detail.isEmpty() ? response.body() : detail);
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      // Not ours (a proxy's HTML page): the caller shows the raw body instead.
      return JSON.createObjectNode();
    }
  }
}
