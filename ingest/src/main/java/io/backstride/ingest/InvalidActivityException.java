package io.backstride.ingest;

/**
 * An activity file that cannot be accepted: not the format it claims, malformed, unsafe (a DTD) or
 * without usable points. The message is one line meant for the uploader, naming the place in the
 * file where there is one.
 */
public final class InvalidActivityException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Integer line;
  private final Integer column;
  private final boolean tooLarge;

  /**
   * @param reason one line saying what is wrong (and where, when known)
   * @param line 1-based line of the problem, or {@code null}
   * @param column 1-based column of the problem, or {@code null}
   */
  public InvalidActivityException(String reason, Integer line, Integer column) {
    this(reason, line, column, false);
  }

  private InvalidActivityException(String reason, Integer line, Integer column, boolean tooLarge) {
    super(reason);
    this.line = line;
    this.column = column;
    this.tooLarge = tooLarge;
  }

  /** A file refused for its size (or its unpacked size), not its content: HTTP answers 413. */
  public static InvalidActivityException tooLarge(String reason) {
    return new InvalidActivityException(reason, null, null, true);
  }

  /**
   * A file none of whose points has a time, so it gives no sample: says how many points it holds
   * without one, or {@code noPoints} when it holds none at all.
   *
   * @param points what the format calls its points ("track points", "records")
   */
  public static InvalidActivityException noTimedPoints(
      String points, int withoutTime, String noPoints) {
    return new InvalidActivityException(
        "no "
            + points
            + " with a time: "
            + (withoutTime == 0 ? noPoints : withoutTime + " " + points + " have none"),
        null,
        null);
  }

  public boolean isTooLarge() {
    return tooLarge;
  }

  public String reason() {
    return getMessage();
  }

  public Integer line() {
    return line;
  }

  public Integer column() {
    return column;
  }
}
