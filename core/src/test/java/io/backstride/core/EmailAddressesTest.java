package io.backstride.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailAddressesTest {

  @Test
  void plainMailboxesPass() {
    assertThat(EmailAddresses.problem("ana@example.org")).isEmpty();
    assertThat(EmailAddresses.problem("ana.novak+runs@mail.example.co.uk")).isEmpty();
    assertThat(EmailAddresses.problem("o'brien@example.ie")).isEmpty();
    assertThat(EmailAddresses.problem("\"ana\"@example.org")).isEmpty();
  }

  @Test
  void aDisplayNameBracketsOrACommentAreRefused() {
    assertThat(EmailAddresses.problem("Support<x@y.org>"))
        .hasValue("a display name, brackets or a comment around the address");
    assertThat(EmailAddresses.problem("<x@y.org>")).isPresent();
    assertThat(EmailAddresses.problem("x@y.org(work)")).isPresent();
  }

  @Test
  void groupsAndListsAreRefused() {
    assertThat(EmailAddresses.problem("team:a@b.org,c@d.org;"))
        .hasValue("a group of addresses, not one");
    assertThat(EmailAddresses.problem("a@b.org,c@d.org")).isPresent();
  }

  @Test
  void routingThroughAnotherHostIsRefused() {
    assertThat(EmailAddresses.problem("victim%evil.example@relay.example.org"))
        .hasValue("'%' or '!' routes the mail through another host");
    assertThat(EmailAddresses.problem("host!user@example.org")).isPresent();
    assertThat(EmailAddresses.problem("@relay.org:user@example.org")).isPresent();
  }

  @Test
  void malformedAddressesAreRefusedWithTheParsersReason() {
    assertThat(EmailAddresses.problem("a..b@example.org"))
        .hasValue("Local address contains dot-dot");
    assertThat(EmailAddresses.problem("ana@")).isPresent();
    assertThat(EmailAddresses.problem("@example.org")).isPresent();
    assertThat(EmailAddresses.problem("ana@example..org")).isPresent();
    assertThat(EmailAddresses.problem("ana@example.org.")).isPresent();
  }

  @Test
  void bareHostsLiteralsBadLabelsSpacesAndNonAsciiAreRefused() {
    assertThat(EmailAddresses.problem("ana@localhost"))
        .hasValue("the domain must be a name with a dot, such as example.org");
    assertThat(EmailAddresses.problem("ana@[192.0.2.1]")).isPresent();
    assertThat(EmailAddresses.problem("ana@-example.org")).isPresent();
    assertThat(EmailAddresses.problem("ana novak@example.org"))
        .hasValue("only printable ASCII without spaces is sent");
    assertThat(EmailAddresses.problem("müller@example.org")).isPresent();
    assertThat(EmailAddresses.problem("ana@example.org\r\nBcc: x@y.org")).isPresent();
  }

  @Test
  void emptyAndOverlongAddressesAreRefused() {
    assertThat(EmailAddresses.problem(null)).hasValue("no address");
    assertThat(EmailAddresses.problem(" ")).hasValue("no address");
    assertThat(EmailAddresses.problem("a".repeat(250) + "@b.org"))
        .hasValue("longer than 254 characters");
  }
}
