package io.backstride.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.backstride.ingest.gpx.GpxReader;
import io.backstride.ingest.tcx.TcxReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus: files written to leak data, reach the network or exhaust the service. Each
 * must end in an {@link InvalidActivityException} that leaks nothing, quickly.
 */
class HostileInputTest {
  private static final Duration QUICKLY = Duration.ofSeconds(5);
  private static final String SECRET = "backstride-secret-7f3a9c";

  private final ActivityReaders readers = new ActivityReaders();
  @TempDir Path dir;

  @Test
  void xxeReadingALocalFileIsRejectedAndTheFileNeverAppears() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
    String uri = secret.toUri().toString();
    String gpx = HostileCorpus.xxeGpx(uri);
    String tcx = HostileCorpus.xxeTcx(uri);

    for (String xml : new String[] {gpx, tcx}) {
      InvalidActivityException e = reject(xml.getBytes(StandardCharsets.UTF_8));
      assertThat(e.getMessage()).startsWith("DTDs are not accepted").doesNotContain(SECRET);
    }
    // and straight through the TCX reader, without the detection in front
    InvalidActivityException direct =
        catchThrowableOfType(
            InvalidActivityException.class,
            () -> new TcxReader().read(new ByteArrayInputStream(tcx.getBytes())));
    assertThat(direct.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void externalParameterEntityThroughARemoteDtdMakesNoNetworkConnection() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String base = "http://127.0.0.1:" + server.getLocalPort();
      String[] attacks = {HostileCorpus.remoteDtdGpx(base), HostileCorpus.remoteDtdTcx(base)};

      for (String attack : attacks) {
        InvalidActivityException e = reject(attack.getBytes(StandardCharsets.UTF_8));
        assertThat(e.getMessage()).startsWith("DTDs are not accepted");
      }

      // Anything that had connected would be waiting in the backlog.
      server.setSoTimeout(200);
      assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void billionLaughsIsRejectedWithoutExpandingAnything() {
    String gpx = HostileCorpus.billionLaughs();

    InvalidActivityException e = reject(gpx.getBytes(StandardCharsets.UTF_8));

    assertThat(e.getMessage()).startsWith("DTDs are not accepted");
  }

  @Test
  void quadraticBlowUpIsRejectedWithoutExpandingAnything() {
    String gpx = HostileCorpus.quadraticBlowUp();

    InvalidActivityException e = reject(gpx.getBytes(StandardCharsets.UTF_8));

    // The DOCTYPE is larger than the sniffing window, so the root is never seen.
    assertThat(e.getMessage()).startsWith("not a GPX, TCX or FIT file");
  }

  @Test
  void quadraticBlowUpStraightIntoTheGpxReaderIsRejectedAsADtd() {
    String gpx = HostileCorpus.quadraticBlowUp();

    InvalidActivityException e =
        assertTimeoutPreemptively(
            QUICKLY,
            () ->
                catchThrowableOfType(
                    InvalidActivityException.class,
                    () -> new GpxReader().read(new ByteArrayInputStream(gpx.getBytes()))));

    assertThat(e.getMessage()).startsWith("DTDs are not accepted");
  }

  @Test
  void truncatedFitIsRejected() {
    byte[] fit = TestFiles.sample("activity-small-fenix2-run.fit");
    byte[] truncated = java.util.Arrays.copyOf(fit, 5000);

    assertThat(reject(truncated).getMessage())
        .isEqualTo("FIT file is truncated or its CRC does not match");
  }

  @Test
  void randomBytesBehindAFitHeaderAreRejected() {
    byte[] header = java.util.Arrays.copyOf(TestFiles.sample("2013-02-06-12-11-14.fit"), 14);
    Random random = new Random(42);
    for (int attempt = 0; attempt < 50; attempt++) {
      byte[] body = new byte[random.nextInt(20_000)];
      random.nextBytes(body);
      byte[] file = new byte[header.length + body.length];
      System.arraycopy(header, 0, file, 0, header.length);
      System.arraycopy(body, 0, file, header.length, body.length);

      assertThat(reject(file).getMessage())
          .startsWith("FIT file is truncated or its CRC does not match");
    }
  }

  @Test
  void emptyBodyIsRejected() {
    assertThat(reject(new byte[0]).getMessage())
        .isEqualTo("not a GPX, TCX or FIT file: the body is empty");
  }

  @Test
  void invalidUtf8IsRejectedAsMalformedXml() {
    byte[] gpx =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx><trk><name>caf\u00e9</name></trk></gpx>"
            .getBytes(StandardCharsets.ISO_8859_1); // a lone 0xE9: not UTF-8

    assertThat(reject(gpx).getMessage()).startsWith("malformed XML at line 2");
  }

  @Test
  void declaredEncodingTheBytesDoNotHaveIsRejected() {
    byte[] tcx =
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<TrainingCenterDatabase/>"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(reject(tcx).getMessage()).startsWith("malformed XML");
  }

  @Test
  void gzipBombIsStoppedQuicklyAtTheRatioCap() throws Exception {
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(packed)) {
      gz.write("<?xml version=\"1.0\"?>\n<gpx><trk><name>".getBytes(StandardCharsets.UTF_8));
      byte[] block = new byte[1 << 20];
      java.util.Arrays.fill(block, (byte) 'a');
      for (int i = 0; i < 200; i++) {
        gz.write(block); // 200 MB of one letter pack into about 200 KB
      }
    }
    byte[] bomb = packed.toByteArray();
    assertThat(bomb.length).isLessThan(500_000);

    InvalidActivityException e = assertTimeoutPreemptively(QUICKLY, () -> reject(bomb));

    assertThat(e.getMessage()).startsWith("the gzip file unpacks to more than 100 times its size");
  }

  @Test
  void everyHostileXmlFileInUtf16IsRejectedAsItsUtf8OriginalPlainAndGzipped() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
    String uri = secret.toUri().toString();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String base = "http://127.0.0.1:" + server.getLocalPort();
      GpxReader gpx = new GpxReader();
      TcxReader tcx = new TcxReader();
      List<HostileXml> corpus =
          List.of(
              new HostileXml("XXE reading a local file, GPX", HostileCorpus.xxeGpx(uri), gpx::read),
              new HostileXml("XXE reading a local file, TCX", HostileCorpus.xxeTcx(uri), tcx::read),
              new HostileXml(
                  "parameter entity from a remote DTD",
                  HostileCorpus.remoteDtdGpx(base),
                  gpx::read),
              new HostileXml("external DTD", HostileCorpus.remoteDtdTcx(base), tcx::read),
              new HostileXml("billion laughs", HostileCorpus.billionLaughs(), gpx::read),
              new HostileXml("quadratic blow-up", HostileCorpus.quadraticBlowUp(), gpx::read));

      for (HostileXml attack : corpus) {
        byte[] utf8 = attack.xml().getBytes(StandardCharsets.UTF_8);
        String throughReaders = reject(utf8).getMessage();
        String throughItsReader = rejectedBy(attack.reader(), utf8).getMessage();

        for (Utf16Variants.Variant utf16 : Utf16Variants.of(attack.xml())) {
          for (boolean gzipped : new boolean[] {false, true}) {
            byte[] file = gzipped ? TestFiles.gzip(utf16.bytes()) : utf16.bytes();
            String what = attack.name() + " in " + utf16 + (gzipped ? ", gzipped" : "");

            InvalidActivityException e = assertTimeoutPreemptively(QUICKLY, () -> reject(file));

            assertThat(e.getMessage()).as(what).isEqualTo(throughReaders).doesNotContain(SECRET);
          }
          // straight into the format's reader, without the detection's window in front of it
          InvalidActivityException direct =
              assertTimeoutPreemptively(QUICKLY, () -> rejectedBy(attack.reader(), utf16.bytes()));
          assertThat(direct.getMessage())
              .as(attack.name() + " in " + utf16 + " through its reader")
              .isEqualTo(throughItsReader)
              .doesNotContain(SECRET);
        }
      }

      // Anything that had connected would be waiting in the backlog.
      server.setSoTimeout(200);
      assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
    }
  }

  /** A format's reader on its own, as the tests call it without the detection in front. */
  @FunctionalInterface
  private interface FormatReader {
    ParsedActivity read(InputStream in) throws InvalidActivityException;
  }

  /** One file of the hostile corpus, and the reader its root element leads to. */
  private record HostileXml(String name, String xml, FormatReader reader) {}

  private static InvalidActivityException rejectedBy(FormatReader reader, byte[] file) {
    InvalidActivityException e =
        catchThrowableOfType(
            InvalidActivityException.class, () -> reader.read(new ByteArrayInputStream(file)));
    assertThat(e).as("rejected").isNotNull();
    assertThat(e.getMessage()).doesNotContain("\n");
    return e;
  }

  private InvalidActivityException reject(byte[] file) {
    InvalidActivityException e =
        catchThrowableOfType(
            InvalidActivityException.class,
            () -> readers.read(new ByteArrayInputStream(file), null));
    assertThat(e).as("rejected").isNotNull();
    assertThat(e.getMessage()).doesNotContain("\n");
    // the start-time read that orders an import refuses it the same way
    InvalidActivityException first =
        catchThrowableOfType(
            InvalidActivityException.class,
            () -> readers.firstTime(new ByteArrayInputStream(file), null));
    assertThat(first).as("rejected by the start-time read").isNotNull();
    assertThat(first.getMessage()).isEqualTo(e.getMessage());
    return e;
  }
}
