package io.backstride.ingest.http;

import java.util.Locale;

/**
 * Words what Jetty found wrong with a multipart body for the caller. Jetty reports it as a chain of
 * exceptions (a servlet exception around a "bad multipart" around the real reason); the caller gets
 * the reason in one line of its own words, never the chain.
 */
public final class MultipartFaults {
  /**
   * More parts than an upload of one file needs, with room for a few form fields a browser adds;
   * Jetty counts every part against the servlet context's form-key limit, which is set to this.
   */
  public static final int MAX_PARTS = 16;

  /**
   * The answer to a multipart body Jetty could not read: 413 when it is over a size limit, else 400
   * {@code invalid_multipart} naming the fault.
   *
   * @param contentType the declared Content-Type, for the boundary it names
   * @param maxBytes the cap on the body, for the 413's detail
   */
  public static ApiException describe(Throwable failure, String contentType, long maxBytes) {
    String reasons = reasons(failure);
    if (reasons.contains("too many keys") || reasons.contains("too many parts")) {
      return invalid(
          "the multipart body has more than "
              + MAX_PARTS
              + " parts; send the activity file as its one file part");
    }
    if (reasons.contains("size") || reasons.contains("exceed")) {
      return new ApiException(
          413, "too_large", "the file exceeds " + maxBytes + " bytes (compressed or uncompressed)");
    }
    String boundary = boundary(contentType);
    if (reasons.contains("boundary") || boundary.isEmpty()) {
      return invalid(
          "Content-Type multipart/form-data needs a boundary parameter, e.g."
              + " multipart/form-data; boundary=x");
    }
    if (reasons.contains("preamble")) {
      return invalid(
          "the body never starts a part with the boundary --"
              + boundary
              + " that Content-Type declares");
    }
    if (reasons.contains("eof")) {
      return invalid("the multipart body ends before its closing boundary --" + boundary + "--");
    }
    return invalid("the multipart body is malformed around the boundary --" + boundary);
  }

  /** Every message in the chain, lower case, so that a wrapper's wording does not hide the root. */
  private static String reasons(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      all.append(' ').append(t.getMessage());
    }
    return all.toString().toLowerCase(Locale.ROOT);
  }

  /** The boundary parameter of {@code contentType}, unquoted; empty when there is none. */
  static String boundary(String contentType) {
    if (contentType == null) {
      return "";
    }
    for (String parameter : contentType.split(";")) {
      String[] pair = parameter.strip().split("=", 2);
      if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("boundary")) {
        String value = pair[1].strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        // a boundary is at most 70 characters (RFC 2046); anything echoed back stays short
        return value.length() > 70 ? value.substring(0, 70) : value;
      }
    }
    return "";
  }

  private static ApiException invalid(String detail) {
    return new ApiException(400, "invalid_multipart", detail);
  }

  private MultipartFaults() {}
}
