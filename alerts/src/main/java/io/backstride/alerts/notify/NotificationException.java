package io.backstride.alerts.notify;

/** An email could not be sent. */
public class NotificationException extends Exception {
  public NotificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
