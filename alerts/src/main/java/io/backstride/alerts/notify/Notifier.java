package io.backstride.alerts.notify;

/** Where alert emails go: SMTP in production, anything else in a test of the notifier's logic. */
public interface Notifier extends AutoCloseable {

  /** Sends one email or throws; a failure may be transient (the server is down) or not. */
  void send(Email email) throws NotificationException;

  /**
   * Asks the server whether it answers, sending nothing; throws when it does not. A notifier with
   * no server behind it answers at once.
   */
  default void probe() throws NotificationException {}

  /** Lets go of what it holds open (a kept connection); a notifier holding nothing does nothing. */
  @Override
  default void close() {}
}
