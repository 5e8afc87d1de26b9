package io.backstride.alerts.notify;

/** Where alert emails go: SMTP in production, anything else in a test of the notifier's logic. */
public interface Notifier {

  /** Sends one email or throws; a failure may be transient (the server is down) or not. */
  void send(Email email) throws NotificationException;
}
