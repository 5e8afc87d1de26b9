package io.backstride.schemas.registry;

/**
 * A service could not register the value schema of one of its topics at start. Its message is one
 * line naming the subject and the registry's reason, meant to be shown as it is, without a stack
 * trace.
 */
public final class SchemaRegistrationException extends IllegalStateException {
  public SchemaRegistrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
