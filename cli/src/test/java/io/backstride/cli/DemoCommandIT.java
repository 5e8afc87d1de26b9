package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code backstride demo}, whole, beside the ports a live {@code backstride run} holds. */
class DemoCommandIT {
  /** The default ports of {@code run}: Kafka, registry, ingest, trends, pages, SMTP. */
  private static final int[] RUN_PORTS = {9092, 8081, 8080, 8082, 8083, 2525};

  @TempDir Path dir;

  @Test
  void saysWhatItStartsFirstAndNeverNeedsThePortsOfARun() throws Exception {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int port : RUN_PORTS) {
        held.add(holdIfFree(port));
      }
      CommandLine cli = Backstride.commandLine();
      StringWriter out = new StringWriter();
      cli.setOut(new PrintWriter(out, true));
      StringWriter err = new StringWriter();
      cli.setErr(new PrintWriter(err, true));

      int code = cli.execute("demo", "--outbox=" + dir.resolve("outbox"));

      assertThat(code).as(out + "\n" + err).isZero();
      List<String> lines = out.toString().lines().toList();
      assertThat(lines.get(1))
          .matches(
              "\\[ +0\\.\\d s\\] starting a local stack of its own \\(Kafka broker, schema"
                  + " registry, SMTP sink\\) and the pipeline, all on free ports; .*");
      assertThat(lines.get(2)).contains("local stack up");
      assertThat(out.toString())
          .contains("DOWNHILL_RAMP")
          .containsPattern("    athlete page: http://localhost:\\d+/a/\\S+\n")
          .contains("./backstride demo --keep keeps it up")
          .contains("done: stack shut down cleanly");
    } finally {
      for (ServerSocket s : held) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  @Test
  void keepKeepsTheAthletePageOpenUntilStopped() throws Exception {
    CommandLine cli = Backstride.commandLine();
    DemoCommand demo = (DemoCommand) cli.getSubcommands().get("demo").getCommand();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> cli.execute("demo", "--keep", "--outbox=" + dir.resolve("outbox")));
    try {
      await()
          .atMost(Duration.ofSeconds(240))
          .until(() -> out.toString().contains("Ctrl-C stops it") || exit.isDone());
      Matcher link =
          Pattern.compile("athlete page: (http://localhost:\\d+/a/\\S+)").matcher(out.toString());
      assertThat(link.find()).as(out.toString()).isTrue();
      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(link.group(1))).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("Downhill</b> this week");
      assertThat(exit).isNotDone();
    } finally {
      demo.stop.countDown();
    }
    assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("done: stack shut down cleanly");
  }

  /** Holds the port as a live run would; when something already holds it, that will do. */
  private static ServerSocket holdIfFree(int port) {
    try {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return s;
    } catch (IOException taken) {
      return null;
    }
  }
}
