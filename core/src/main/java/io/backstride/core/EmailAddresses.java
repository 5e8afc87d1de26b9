package io.backstride.core;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Optional;

/**
 * Whether an athlete's email address is one plain mailbox that the notifier can send to. Checked
 * where a profile comes in and again before an email goes out, with the parser of the mail library
 * that sends it (Jakarta Mail, strict), so that an address accepted at intake does not fail at
 * send. On top of what that parser allows, only the form a person types into a form passes: one
 * address, no display name ({@code Support <x@y.org>}), no group ({@code team: a@b;}), no comment,
 * no {@code %} or {@code !} routing through another host, ASCII only (the relay is not asked for
 * SMTPUTF8), and a domain name with a dot rather than a bare host or an address literal.
 */
public final class EmailAddresses {
  /** The longest address SMTP carries (RFC 5321's path limit less its brackets). */
  public static final int MAX_LENGTH = 254;

  /** Why {@code address} is not one sendable mailbox, or empty when it is. */
  public static Optional<String> problem(String address) {
    if (address == null || address.isBlank()) {
      return Optional.of("no address");
    }
    if (address.length() > MAX_LENGTH) {
      return Optional.of("longer than " + MAX_LENGTH + " characters");
    }
    if (!address.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return Optional.of("only printable ASCII without spaces is sent");
    }
    InternetAddress parsed;
    try {
      parsed = new InternetAddress(address, true);
    } catch (AddressException e) {
      return Optional.of(e.getMessage());
    }
    if (parsed.isGroup()) {
      return Optional.of("a group of addresses, not one");
    }
    if (parsed.getPersonal() != null || !address.equals(parsed.getAddress())) {
      return Optional.of("a display name, brackets or a comment around the address");
    }
    if (address.indexOf('%') >= 0 || address.indexOf('!') >= 0) {
      return Optional.of("'%' or '!' routes the mail through another host");
    }
    String domain = address.substring(address.lastIndexOf('@') + 1);
    if (domain.startsWith("[") || domain.indexOf('.') < 0) {
      return Optional.of("the domain must be a name with a dot, such as example.org");
    }
    for (String label : domain.split("\\.")) {
      if (label.isEmpty() || label.startsWith("-") || label.endsWith("-")) {
        return Optional.of("a part of the domain is not a host name");
      }
    }
    return Optional.empty();
  }

  /** Whether {@code address} is one sendable mailbox. */
  public static boolean valid(String address) {
    return problem(address).isEmpty();
  }

  private EmailAddresses() {}
}
