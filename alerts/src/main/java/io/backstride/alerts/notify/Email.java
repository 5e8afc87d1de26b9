package io.backstride.alerts.notify;

import java.util.List;
import java.util.Map;

/**
 * An email ready to send.
 *
 * @param headers extra headers, e.g. the alert ids that make a resend recognisable and {@code
 *     List-Unsubscribe}
 * @param images pictures the HTML part shows inline ({@code <img src="cid:...">})
 * @param messageId a deterministic Message-ID (without angle brackets), so that a resend after a
 *     crash is recognisable as the same message by mail clients; null lets the mailer choose
 */
public record Email(
    String to,
    String subject,
    String text,
    String html,
    Map<String, String> headers,
    List<InlineImage> images,
    String messageId) {

  /** An inline image of the HTML part. */
  public record InlineImage(String contentId, String mimeType, byte[] bytes) {}

  public Email {
    headers = Map.copyOf(headers);
    images = List.copyOf(images);
  }

  public Email(String to, String subject, String text, String html, Map<String, String> headers) {
    this(to, subject, text, html, headers, List.of(), null);
  }
}
