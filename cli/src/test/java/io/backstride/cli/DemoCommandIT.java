package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code backstride demo}, whole, beside the ports a live {@code backstride run} holds. */
class DemoCommandIT {
  /** The default ports of {@code run}: Kafka, registry, ingest, trends, SMTP. */
  private static final int[] RUN_PORTS = {9092, 8081, 8080, 8082, 2525};

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
          .contains("done: stack shut down cleanly");
    } finally {
      for (ServerSocket s : held) {
        if (s != null) {
          s.close();
        }
      }
    }
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
