package io.backstride.alerts.notify;

import java.util.Map;

/**
 * An email ready to send.
 *
 * @param headers extra headers, e.g. the alert id that makes a resend recognisable
 */
public record Email(
    String to, String subject, String text, String html, Map<String, String> headers) {

  public Email {
    headers = Map.copyOf(headers);
  }
}
