package io.backstride.ingest;

import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An XML document as the UTF-16 files a Windows exporter writes: built here from the UTF-8
 * original, so that no re-encoded copy of a sample or of a hostile file is kept in the repository.
 * The XML declaration is made to say {@code UTF-16} on the same line, so that every line and column
 * a reader reports is where it was in the original.
 */
public final class Utf16Variants {

  /** One way a file can be UTF-16, and its bytes. */
  public record Variant(String name, byte[] bytes) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Pattern DECLARATION = Pattern.compile("\\A<\\?xml[^>]*\\?>");
  private static final Pattern ENCODING = Pattern.compile("encoding\\s*=\\s*(\"[^\"]*\"|'[^']*')");

  /**
   * The document with a byte-order mark in either byte order, and without one, where only the
   * declared {@code encoding="UTF-16"} and the first two bytes (XML 1.0, appendix F) say what it
   * is.
   *
   * @param xml a document that starts with its XML declaration
   */
  public static List<Variant> of(String xml) {
    String declared = declaringUtf16(xml);
    return List.of(
        new Variant("UTF-16LE with a byte-order mark", ("\uFEFF" + declared).getBytes(UTF_16LE)),
        new Variant("UTF-16BE with a byte-order mark", ("\uFEFF" + declared).getBytes(UTF_16BE)),
        new Variant("UTF-16 declared, big-endian without a mark", declared.getBytes(UTF_16BE)),
        new Variant("UTF-16 declared, little-endian without a mark", declared.getBytes(UTF_16LE)));
  }

  /** Only the variants with a byte-order mark. */
  public static List<Variant> withByteOrderMark(String xml) {
    return of(xml).subList(0, 2);
  }

  /** {@code xml} with its declaration's encoding replaced by, or given, {@code UTF-16}. */
  static String declaringUtf16(String xml) {
    Matcher declaration = DECLARATION.matcher(xml);
    if (!declaration.find()) {
      throw new IllegalArgumentException(
          "the document has no XML declaration to declare UTF-16 in");
    }
    String head = declaration.group();
    Matcher encoding = ENCODING.matcher(head);
    String utf16 =
        encoding.find()
            ? encoding.replaceFirst("encoding=\"UTF-16\"")
            : head.replaceFirst("\\s*\\?>\\z", " encoding=\"UTF-16\"?>");
    return utf16 + xml.substring(head.length());
  }

  private Utf16Variants() {}
}
