package io.backstride.core.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AthleteLinksTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  @Test
  void noSecretMeansNoLinks() {
    assertThat(AthleteLinks.fromEnv(Map.of())).isEmpty();
    assertThat(AthleteLinks.fromEnv(Map.of(AthleteLinks.SECRET, " "))).isEmpty();
  }

  @Test
  void theSettingsAreReadWithTheirDefaults() {
    AthleteLinks links =
        AthleteLinks.fromEnv(
                Map.of(
                    AthleteLinks.SECRET,
                    SECRET,
                    "BACKSTRIDE_MAIL_FROM",
                    "backstride <alerts@runs.example>"))
            .orElseThrow();
    Instant sent = Instant.parse("2026-04-13T18:00:00Z");

    assertThat(links.publicUrl()).isEqualTo(AthleteLinks.DEFAULT_PUBLIC_URL);
    assertThat(links.pagesTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(links.unsubscribeTtl()).isEqualTo(Duration.ofDays(365));
    // the sender's address is no unsubscribe mailbox: nothing reads it, so no mailto is offered
    assertThat(links.unsubscribeMailto("ana", sent)).isNull();

    AthleteLinks configured =
        AthleteLinks.fromEnv(
                Map.of(
                    AthleteLinks.SECRET, SECRET,
                    AthleteLinks.PUBLIC_URL, "https://runs.example/",
                    AthleteLinks.PAGES_TTL_DAYS, "7",
                    AthleteLinks.UNSUBSCRIBE_TTL_DAYS, "90",
                    AthleteLinks.UNSUBSCRIBE_MAILTO, "Unsubscribe <unsubscribe@runs.example>"))
            .orElseThrow();
    assertThat(configured.publicUrl()).isEqualTo("https://runs.example");
    assertThat(configured.pagesTtl()).isEqualTo(Duration.ofDays(7));
    assertThat(configured.unsubscribeTtl()).isEqualTo(Duration.ofDays(90));
    String mailto = configured.unsubscribeMailto("ana", sent);
    String token =
        configured.unsubscribeUrl("ana", sent).substring("https://runs.example/u/".length());
    assertThat(mailto).isEqualTo("mailto:unsubscribe@runs.example?subject=unsubscribe%20" + token);
    assertThat(configured.tokens().check(token, LinkTokens.Purpose.UNSUBSCRIBE, sent).athleteId())
        .contains("ana");
  }

  @Test
  void aBadSettingIsNamedAndTheSecretNeverQuoted() {
    assertThatThrownBy(() -> AthleteLinks.fromEnv(Map.of(AthleteLinks.SECRET, "short-secret")))
        .hasMessageStartingWith("BACKSTRIDE_LINK_SECRET: ")
        .hasMessageNotContaining("short-secret");
    assertThatThrownBy(
            () ->
                AthleteLinks.fromEnv(
                    Map.of(AthleteLinks.SECRET, SECRET, AthleteLinks.PAGES_TTL_DAYS, "0")))
        .hasMessage(
            "BACKSTRIDE_LINK_TTL_DAYS must be a whole number of days from 1 to 3660, was '0'");
    assertThatThrownBy(
            () ->
                AthleteLinks.fromEnv(
                    Map.of(AthleteLinks.SECRET, SECRET, AthleteLinks.PUBLIC_URL, "runs.example")))
        .hasMessageStartingWith("BACKSTRIDE_PUBLIC_URL: ");
    assertThatThrownBy(
            () ->
                AthleteLinks.fromEnv(
                    Map.of(AthleteLinks.SECRET, SECRET, AthleteLinks.UNSUBSCRIBE_MAILTO, "nobody")))
        .hasMessage("BACKSTRIDE_UNSUBSCRIBE_MAILTO must be an email address, was 'nobody'");
  }
}
