package io.backstride.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.core.profile.Profile;
import io.backstride.ingest.http.ProfileRequest;
import org.junit.jupiter.api.Test;

/** A profile's email is checked with the notifier's rule when the profile comes in. */
class ProfileEmailTest {

  private static Profile validate(String email) {
    return Profile.validate("ana", new ProfileRequest(email, "Ana", "Europe/Zagreb", "km", true));
  }

  @Test
  void aPlainAddressIsKept() {
    assertThat(validate(" ana@example.org ").email()).isEqualTo("ana@example.org");
    assertThat(validate("").email()).isNull();
  }

  @Test
  void addressesThatWouldFailAtSendAreRefusedAtIntakeWithTheReason() {
    assertThatThrownBy(() -> validate("Support<x@example.org>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "email is not one plain address: a display name, brackets or a comment around the"
                + " address ('Support<x@example.org>')");
    assertThatThrownBy(() -> validate("team:a@example.org,b@example.org;"))
        .hasMessageContaining("a group of addresses, not one");
    assertThatThrownBy(() -> validate("victim%evil.example@example.org"))
        .hasMessageContaining("routes the mail through another host");
    assertThatThrownBy(() -> validate("a..b@example.org"))
        .hasMessageContaining("Local address contains dot-dot");
  }

  @Test
  void theReasonStaysOnOneLine() {
    assertThatThrownBy(() -> validate("ana@example.org\r\nBcc:x@example.org"))
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("\r");
  }
}
