package io.backstride.localstack;

/**
 * A failure of the local schema registry with the HTTP status and the error code that the Confluent
 * Schema Registry uses for it, so clients written for Confluent react the same way.
 */
public final class RegistryError extends RuntimeException {
  private final int httpStatus;
  private final int errorCode;

  RegistryError(int httpStatus, int errorCode, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int errorCode() {
    return errorCode;
  }

  /** A registry that listens but has not read its store from Kafka yet (its start). */
  static RegistryError starting() {
    return new RegistryError(
        503, 50301, "The schema registry is starting: its schemas are being read from Kafka.");
  }

  static RegistryError subjectNotFound(String subject) {
    return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
  }

  static RegistryError versionNotFound(String subject, int version) {
    return new RegistryError(
        404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
  }

  static RegistryError schemaNotFound(String what) {
    return new RegistryError(404, 40403, "Schema " + what + " not found.");
  }

  static RegistryError incompatible(String subject, String level) {
    return new RegistryError(
        409,
        409,
        "Schema being registered is incompatible with the latest schema of subject '"
            + subject
            + "' under compatibility level "
            + level
            + ".");
  }

  static RegistryError invalidSchema(String reason) {
    return new RegistryError(422, 42201, "Invalid schema: " + reason);
  }

  static RegistryError invalidVersion(String version) {
    return new RegistryError(
        422,
        42202,
        "The specified version '"
            + version
            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the"
            + " string \"latest\"");
  }

  static RegistryError invalidCompatibilityLevel(String level) {
    return new RegistryError(
        422,
        42203,
        "Invalid compatibility level '"
            + level
            + "'. Valid values are NONE, BACKWARD, FORWARD, FULL");
  }

  static RegistryError storeError(String message, Throwable cause) {
    RegistryError error =
        new RegistryError(500, 50001, "Error in the backend data store: " + message);
    error.initCause(cause);
    return error;
  }

  static RegistryError badRequest(String message) {
    return new RegistryError(400, 400, message);
  }

  static RegistryError unauthorized() {
    return new RegistryError(
        401, 401, "Unauthorized: this registry needs its credentials (HTTP basic auth)");
  }

  static RegistryError invalidMode(String mode) {
    return new RegistryError(
        422, 42204, "Invalid mode '" + mode + "'. Valid values are READWRITE, READONLY");
  }

  static RegistryError readOnly(String subject) {
    return new RegistryError(
        422,
        42205,
        subject == null
            ? "The registry is in read-only mode."
            : "Subject '" + subject + "' is in read-only mode.");
  }
}
