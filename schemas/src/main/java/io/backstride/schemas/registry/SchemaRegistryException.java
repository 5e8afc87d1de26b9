package io.backstride.schemas.registry;

/** A schema registry answered with an error, or could not be reached. */
public class SchemaRegistryException extends RuntimeException {
  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(int httpStatus, int errorCode, String message) {
    super(message + " (HTTP " + httpStatus + ", error " + errorCode + ")");
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** An answer with {@code httpStatus} whose {@code message} already says all, as it is. */
  protected SchemaRegistryException(String message, int httpStatus, int errorCode) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = 0;
    this.errorCode = 0;
  }

  /** The HTTP status, or 0 when the registry could not be reached. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Confluent's error code, e.g. 40401 subject not found, 409 incompatible schema. */
  public int errorCode() {
    return errorCode;
  }
}
