package io.backstride.ingest.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.backstride.ingest.HostileCorpus;
import io.backstride.ingest.InvalidActivityException;
import io.backstride.ingest.ParsedActivity;
import io.backstride.ingest.gpx.GpxReader;
import io.backstride.ingest.tcx.TcxReader;
import io.backstride.ingest.xml.SecureXml.Stax;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which StAX the readers run on and that it is locked down: Aalto with DTDs, external entities and
 * entity replacement off, a resolver that refuses, and the JDK's parser (the same switches) only
 * for files whose prefixes are not declared. The hostile files run on both.
 */
class SecureXmlStackTest {
  private static final String SECRET = "backstride-secret-5e1d0b";
  private static final String POINT =
      "<trkpt lat=\"1\" lon=\"2\"><time>2026-03-02T07:00:00Z</time></trkpt>";

  @TempDir Path dir;

  @Test
  void theReadersFactoryIsAaltosWithDtdsEntitiesAndResolutionOff() {
    XMLInputFactory factory = SecureXml.factory(Stax.AALTO);

    assertThat(factory).isInstanceOf(com.fasterxml.aalto.stax.InputFactoryImpl.class);
    assertThat(factory.getProperty(XMLInputFactory.SUPPORT_DTD)).isEqualTo(false);
    assertThat(factory.getProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES))
        .isEqualTo(false);
    assertThat(factory.getProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES))
        .isEqualTo(false);
    XMLStreamException refused =
        catchThrowableOfType(
            XMLStreamException.class,
            () -> factory.getXMLResolver().resolveEntity(null, "file:///etc/passwd", null, null));
    assertThat(refused).hasMessageContaining("not accepted");
  }

  @Test
  void theFallbackFactoryIsTheJdksOwnWithDtdsOffAndNamespacesOff() {
    XMLInputFactory factory = SecureXml.factory(Stax.JDK);

    assertThat(factory.getClass().getName()).startsWith("com.sun.xml.internal.stream.");
    assertThat(factory.getProperty(XMLInputFactory.SUPPORT_DTD)).isEqualTo(false);
    assertThat(factory.getProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES))
        .isEqualTo(false);
    assertThat(factory.getProperty(XMLInputFactory.IS_NAMESPACE_AWARE)).isEqualTo(false);
    assertThat(factory.getXMLResolver()).isNotNull();
  }

  @Test
  void aWellFormedFileIsReadByAaltoAndOneWithAnUndeclaredPrefixByTheJdk() throws Exception {
    List<String> parsers = new ArrayList<>();
    SecureXml.Parser<Void> note =
        (xml, prolog) -> {
          parsers.add(xml.getClass().getName());
          while (xml.hasNext()) {
            xml.next();
          }
          return null;
        };

    SecureXml.read(stream("<gpx><trk><name>declared</name></trk></gpx>"), "GPX", note);
    parsers.add("|");
    SecureXml.read(stream("<gpx><trk><x:name>undeclared</x:name></trk></gpx>"), "GPX", note);

    assertThat(parsers).hasSize(4);
    assertThat(parsers.get(0)).startsWith("com.fasterxml.aalto.");
    assertThat(parsers.get(2)).startsWith("com.fasterxml.aalto.");
    assertThat(parsers.get(3)).startsWith("com.sun.org.apache.xerces.internal.");
  }

  @ParameterizedTest
  @EnumSource(Stax.class)
  void externalEntityIsRejectedAsADtdAndTheFileNeverAppears(Stax stax) throws Exception {
    String uri = Files.writeString(dir.resolve("secret.txt"), SECRET).toUri().toString();
    String gpx = HostileCorpus.xxeGpx(uri);
    String tcx = HostileCorpus.xxeTcx(uri);

    assertThat(gpxRejected(stax, gpx))
        .startsWith("DTDs are not accepted at line 2")
        .doesNotContain(SECRET);
    assertThat(tcxRejected(stax, tcx))
        .startsWith("DTDs are not accepted at line 2")
        .doesNotContain(SECRET);
  }

  @ParameterizedTest
  @EnumSource(Stax.class)
  void billionLaughsIsRejectedAsADtd(Stax stax) {
    String gpx = HostileCorpus.billionLaughs();

    assertThat(gpxRejected(stax, gpx)).startsWith("DTDs are not accepted");
  }

  @Test
  void aDtdBeforeUndeclaredPrefixesIsRejectedByAaltoBeforeAnyFallback() {
    String gpx =
        """
        <?xml version="1.0"?>
        <!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">]>
        <x:gpx><x:trk><x:name>&a;</x:name></x:trk></x:gpx>
        """;

    assertThat(gpxRejected(Stax.AALTO, gpx)).startsWith("DTDs are not accepted");
  }

  @Test
  void anEntityReferenceWithoutADtdIsRejectedNotDropped() {
    String between =
        "<gpx><trk><trkseg>&undeclared;"
            + POINT.replace("<time>", "<time>")
            + "</trkseg></trk></gpx>";
    String inValue =
        "<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"><ele>&undeclared;</ele>"
            + "<time>2026-03-02T07:00:00Z</time></trkpt></trkseg></trk></gpx>";
    String inAttribute =
        "<gpx><trk><trkseg><trkpt lat=\"&undeclared;\" lon=\"2\">"
            + "<time>2026-03-02T07:00:00Z</time></trkpt></trkseg></trk></gpx>";

    assertThat(gpxRejected(Stax.AALTO, between)).startsWith("entity references are not accepted");
    assertThat(gpxRejected(Stax.AALTO, inValue))
        .startsWith("malformed XML at line 1, column ")
        .endsWith("entity reference &undeclared; is not accepted");
    assertThat(gpxRejected(Stax.AALTO, inAttribute)).startsWith("malformed XML");
  }

  @Test
  void predefinedEntitiesAndCharacterReferencesStillReadAsText() throws Exception {
    String gpx =
        "<gpx><trk><type>run&amp;&#110;ing</type><trkseg>"
            + "<trkpt lat=\"1\" lon=\"2\"><ele>1&#48;</ele><time>2026-03-02T07:00:00Z</time>"
            + "</trkpt></trkseg></trk></gpx>";

    ParsedActivity activity = new GpxReader(Stax.AALTO).read(stream(gpx));

    assertThat(activity.samples().get(0).elevationM()).isEqualTo(10.0);
  }

  private static String gpxRejected(Stax stax, String gpx) {
    return rejected(() -> new GpxReader(stax).read(stream(gpx)));
  }

  private static String tcxRejected(Stax stax, String tcx) {
    return rejected(() -> new TcxReader(stax).read(stream(tcx)));
  }

  private static String rejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable read) {
    InvalidActivityException e = catchThrowableOfType(InvalidActivityException.class, read);
    assertThat(e).as("rejected").isNotNull();
    return e.getMessage();
  }

  private static ByteArrayInputStream stream(String xml) {
    return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aGpxInUtf16WithItsByteOrderMarkReadsOnAalto() throws Exception {
    // Aalto 1.3.3 reads UTF-16 from a byte array through a stream of its own whose close fails
    // (NullPointerException): the file was read, then the close turned it into a server error
    byte[] gpx =
        ("\uFEFF<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<gpx><trk><trkseg>"
                + POINT
                + "</trkseg></trk></gpx>")
            .getBytes(StandardCharsets.UTF_16LE);

    ParsedActivity read = new GpxReader().read(new ByteArrayInputStream(gpx));

    assertThat(read.samples()).hasSize(1);
  }

  @Test
  void brokenBytesBehindAUtf16ByteOrderMarkAreMalformedNotAServerError() {
    // the smallest input jqwik's ReaderPropertiesTest found (seed 397798381258513481)
    byte[] file = {-1, -2, -40, 46, 94, 9, 55, -87, -11};

    InvalidActivityException e =
        catchThrowableOfType(
            InvalidActivityException.class,
            () -> new GpxReader().read(new ByteArrayInputStream(file)));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
  }
}
