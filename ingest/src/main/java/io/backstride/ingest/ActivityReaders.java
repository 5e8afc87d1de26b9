package io.backstride.ingest;

import io.backstride.ingest.fit.FitHeader;
import io.backstride.ingest.fit.FitReader;
import io.backstride.ingest.gpx.GpxReader;
import io.backstride.ingest.limits.ByteCap;
import io.backstride.ingest.limits.LimitedInputStream;
import io.backstride.ingest.tcx.TcxReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an activity file of any supported format: looks at its first bytes, unpacks gzip, and hands
 * the file to the GPX, TCX or FIT reader. The content decides, not the name: sync services send
 * {@code .gpx.gz} files as {@code application/octet-stream} and name FIT files {@code .bin}.
 *
 * <ul>
 *   <li>gzip (magic {@code 1f 8b}): unpacked once, under an absolute cap and a ratio cap, so that a
 *       small bomb is stopped after a few megabytes rather than filling the heap.
 *   <li>FIT: ".FIT" at byte 8 of the header.
 *   <li>XML: the root element, found past the XML declaration, comments and any DOCTYPE (which the
 *       readers then refuse): {@code gpx} or {@code TrainingCenterDatabase}.
 * </ul>
 *
 * <p>Failures of the stream itself (a client gone away, a cap of the caller's) surface as {@link
 * UncheckedIOException}; everything that is the file's fault is an {@link
 * InvalidActivityException}. Instances are stateless and thread-safe.
 */
public final class ActivityReaders {
  /** How far the format sniffing looks; a root element after 8 KB of comments is not accepted. */
  static final int PEEK_BYTES = 8192;

  private static final String UNKNOWN = "not a GPX, TCX or FIT file";

  private final Limits limits;
  private final GpxReader gpx = new GpxReader();
  private final TcxReader tcx = new TcxReader();
  private final FitReader fit = new FitReader();

  /**
   * Caps on one file.
   *
   * @param maxBytes the most bytes a file may have once unpacked
   * @param maxGzipRatio the most unpacked bytes per compressed byte; text GPX packs about 10:1, FIT
   *     about 3:1, while a bomb packs 1000:1
   */
  public record Limits(long maxBytes, int maxGzipRatio) {
    /** 64 MiB (an ultramarathon GPX at one point a second is about 20 MB) and 100:1. */
    public static final Limits DEFAULT = new Limits(64L * 1024 * 1024, 100);

    public Limits {
      if (maxBytes < 1 || maxGzipRatio < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
    }
  }

  /** The formats read. */
  public enum Format {
    GPX,
    TCX,
    FIT
  }

  public ActivityReaders() {
    this(Limits.DEFAULT);
  }

  public ActivityReaders(Limits limits) {
    this.limits = limits;
  }

  /**
   * Readers whose cap on unpacked bytes is the service's cap on a body: a file the service accepts
   * must not be refused here, nor a bigger one accepted.
   */
  public static ActivityReaders withMaxBytes(long maxBytes) {
    return new ActivityReaders(new Limits(maxBytes, Limits.DEFAULT.maxGzipRatio()));
  }

  /** The same readers with the unpacked-size cap lowered to {@code maxBytes} if it is higher. */
  public ActivityReaders atMost(long maxBytes) {
    return maxBytes >= limits.maxBytes()
        ? this
        : new ActivityReaders(new Limits(maxBytes, limits.maxGzipRatio()));
  }

  /** Reads one file, its format from its content; does not close {@code in}. */
  public ParsedActivity read(InputStream in) throws InvalidActivityException {
    return read(in, null);
  }

  /**
   * Reads one file, its format from its content.
   *
   * @param name a file name or content type, or {@code null}: only used to explain a rejection
   */
  public ParsedActivity read(InputStream in, String name) throws InvalidActivityException {
    return decode(
        in,
        name,
        (format, file) ->
            switch (format) {
              case GPX -> gpx.read(file);
              case TCX -> tcx.read(file);
              case FIT -> fit.read(file);
            });
  }

  /**
   * When the activity of one file started, reading it only up to its first timed point (sample,
   * trackpoint, record): what a history's import orders its files by, at a fraction of a full
   * read's cost. The format, gzip and the caps are handled as by {@link #read}, and what it reads
   * on the way is refused with the same errors (a DTD, an entity, broken gzip, a bomb, an unknown
   * format, no timed point at all); what lies after the first timed point is for the full read. The
   * same instant as {@link ParsedActivity#start()} of {@link #read}, unless the file's points are
   * out of order (then the full read's start is earlier: it sorts them).
   *
   * @param name a file name or content type, or {@code null}: only used to explain a rejection
   */
  public Instant firstTime(InputStream in, String name) throws InvalidActivityException {
    return decode(
        in,
        name,
        (format, file) ->
            switch (format) {
              case GPX -> gpx.firstTime(file);
              case TCX -> tcx.firstTime(file);
              case FIT -> fit.firstTime(file);
            });
  }

  /** One format's reading of an opened, unpacked file. */
  @FunctionalInterface
  private interface FormatRead<T> {
    T read(Format format, InputStream file) throws InvalidActivityException;
  }

  /** Sniffs, unpacks and caps the file, and hands it to {@code reading} with its format. */
  private <T> T decode(InputStream in, String name, FormatRead<T> reading)
      throws InvalidActivityException {
    Caps caps = new Caps(ByteCap.of(limits.maxBytes()));
    try {
      PushbackInputStream body =
          new PushbackInputStream(new LimitedInputStream(in, caps.file), PEEK_BYTES);
      byte[] head = peek(body);
      InputStream file = body;
      if (isGzip(head)) {
        LimitedInputStream compressed = new LimitedInputStream(body);
        GZIPInputStream gzip = new GZIPInputStream(compressed);
        caps.unpackRatio(compressed);
        caps.unpacked = new LimitedInputStream(gzip, caps.ratio);
        PushbackInputStream unpacked = new PushbackInputStream(caps.unpacked, PEEK_BYTES);
        head = peek(unpacked);
        if (isGzip(head)) {
          throw new InvalidActivityException("gzip inside gzip is not accepted", null, null);
        }
        file = unpacked;
      }
      byte[] sniffed = head;
      Format format = detect(sniffed).orElseThrow(() -> unknown(sniffed, name));
      try {
        return reading.read(format, file);
      } catch (InvalidActivityException e) {
        // A parser may swallow the stream's failure and report "premature end of file" instead:
        // the caps and the gzip stream still say what really happened.
        if (caps.file.exceeded() || caps.ratioExceeded() || caps.brokenGzip().isPresent()) {
          throw translate(new IOException(e.getMessage()), caps);
        }
        throw e;
      }
    } catch (IOException e) {
      throw translate(e, caps);
    } catch (UncheckedIOException e) {
      throw translate(e.getCause(), caps);
    }
  }

  /** The format the first bytes of an (unpacked) file show, if any. */
  public static Optional<Format> detect(byte[] head) {
    if (FitHeader.is(head)) {
      return Optional.of(Format.FIT);
    }
    return XmlRoot.of(head)
        .flatMap(
            root ->
                switch (root) {
                  case "gpx" -> Optional.of(Format.GPX);
                  case "TrainingCenterDatabase" -> Optional.of(Format.TCX);
                  default -> Optional.empty();
                });
  }

  /** Whether the first bytes are gzip's magic number, {@code 1f 8b}: the only test for gzip. */
  public static boolean isGzip(byte[] head) {
    return head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
  }

  private static byte[] peek(PushbackInputStream in) throws IOException {
    byte[] head = in.readNBytes(PEEK_BYTES);
    in.unread(head);
    return head;
  }

  private static InvalidActivityException unknown(byte[] head, String name) {
    if (head.length == 0) {
      return new InvalidActivityException(UNKNOWN + ": the body is empty", null, null);
    }
    Optional<String> root = XmlRoot.of(head);
    String detail = root.map(r -> " (XML with root element <" + r + ">)").orElse("");
    String claimed = claimedFormat(name).map(f -> "; the name says " + f).orElse("");
    return new InvalidActivityException(UNKNOWN + detail + claimed, null, null);
  }

  private static Optional<String> claimedFormat(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "");
    for (Format format : Format.values()) {
      String f = format.name().toLowerCase(Locale.ROOT);
      if (n.endsWith("." + f) || n.endsWith("/" + f + "+xml") || n.endsWith("/vnd.ant.fit")) {
        return Optional.of(format.name());
      }
    }
    return Optional.empty();
  }

  /**
   * A caught stream failure: a cap of ours or broken gzip is the file's fault; anything else is the
   * stream's and is rethrown.
   */
  private InvalidActivityException translate(IOException e, Caps caps) {
    if (caps.ratioExceeded()) {
      return InvalidActivityException.tooLarge(caps.ratioReason());
    }
    if (caps.file.exceeded()) {
      return InvalidActivityException.tooLarge("the file exceeds " + limits.maxBytes() + " bytes");
    }
    Optional<IOException> broken = caps.brokenGzip();
    if (broken.isPresent()) {
      return new InvalidActivityException(
          "not valid gzip: " + broken.get().getMessage(), null, null);
    }
    if (caps.ratio != null && isBrokenGzip(e)) {
      return new InvalidActivityException("not valid gzip: " + e.getMessage(), null, null);
    }
    throw new UncheckedIOException(e);
  }

  private static boolean isBrokenGzip(IOException e) {
    return e instanceof ZipException || e instanceof EOFException;
  }

  /**
   * The caps on one file: its bytes as given, and once it turns out to be gzip, its unpacked bytes
   * against the compressed ones consumed so far. The first 64 KB unpacked are free: a tiny file's
   * header alone can look like a bomb.
   */
  private final class Caps {
    private static final long FREE_BYTES = 64 * 1024;
    final ByteCap file;
    ByteCap ratio;
    LimitedInputStream unpacked;

    Caps(ByteCap file) {
      this.file = file;
    }

    void unpackRatio(LimitedInputStream compressed) {
      ratio =
          ByteCap.growing(
              () ->
                  Math.min(
                      limits.maxBytes(),
                      Math.max(FREE_BYTES, compressed.count() * (long) limits.maxGzipRatio())),
              ratioReason());
    }

    String ratioReason() {
      return "the gzip file unpacks to more than "
          + limits.maxGzipRatio()
          + " times its size or more than "
          + limits.maxBytes()
          + " bytes";
    }

    boolean ratioExceeded() {
      return ratio != null && ratio.exceeded();
    }

    /** What the gzip stream itself failed with, when it found the file broken. */
    Optional<IOException> brokenGzip() {
      return unpacked == null
          ? Optional.empty()
          : unpacked.failure().filter(ActivityReaders::isBrokenGzip);
    }
  }

  /** Finds the root element's local name in the first bytes of what may be XML. */
  static final class XmlRoot {
    static Optional<String> of(byte[] head) {
      String text = decode(head);
      int i = 0;
      int n = text.length();
      while (i < n) {
        char c = text.charAt(i);
        if (c == '\uFEFF' || Character.isWhitespace(c)) {
          i++;
        } else if (text.startsWith("<?", i)) {
          i = after(text, "?>", i);
        } else if (text.startsWith("<!--", i)) {
          i = after(text, "-->", i);
        } else if (text.startsWith("<!", i)) {
          i = afterDeclaration(text, i);
        } else if (c == '<') {
          int end = i + 1;
          while (end < n && isNameChar(text.charAt(end))) {
            end++;
          }
          String name = text.substring(i + 1, end);
          return name.isEmpty() ? Optional.empty() : Optional.of(localName(name));
        } else {
          return Optional.empty();
        }
      }
      return Optional.empty();
    }

    private static String decode(byte[] head) {
      Charset charset = StandardCharsets.ISO_8859_1;
      if (head.length >= 2) {
        int b0 = head[0] & 0xff;
        int b1 = head[1] & 0xff;
        if ((b0 == 0xfe && b1 == 0xff) || (b0 == 0 && b1 == '<')) {
          charset = StandardCharsets.UTF_16BE;
        } else if ((b0 == 0xff && b1 == 0xfe) || (b0 == '<' && b1 == 0)) {
          charset = StandardCharsets.UTF_16LE;
        }
      }
      // Names are ASCII in every file we read; Latin-1 maps each byte to one char, never fails.
      String text = new String(head, charset);
      return text.startsWith("\u00ef\u00bb\u00bf") ? text.substring(3) : text;
    }

    private static int after(String text, String end, int from) {
      int at = text.indexOf(end, from);
      return at < 0 ? text.length() : at + end.length();
    }

    /** Past a {@code <!DOCTYPE ...>}, internal subset and all. */
    private static int afterDeclaration(String text, int from) {
      int depth = 0;
      for (int i = from + 2; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '[') {
          depth++;
        } else if (c == ']') {
          depth--;
        } else if (c == '>' && depth <= 0) {
          return i + 1;
        }
      }
      return text.length();
    }

    private static boolean isNameChar(char c) {
      return Character.isLetterOrDigit(c) || c == ':' || c == '_' || c == '-' || c == '.';
    }

    private static String localName(String name) {
      return name.substring(name.lastIndexOf(':') + 1);
    }
  }
}
