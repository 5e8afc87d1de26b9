package io.backstride.core.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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

    assertThat(links.publicUrl()).isEqualTo(AthleteLinks.DEFAULT_PUBLIC_URL);
    assertThat(links.pagesTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(links.unsubscribeTtl()).isEqualTo(Duration.ofDays(365));
    assertThat(links.unsubscribeMailto())
        .isEqualTo("mailto:alerts@runs.example?subject=unsubscribe");

    AthleteLinks configured =
        AthleteLinks.fromEnv(
                Map.of(
                    AthleteLinks.SECRET, SECRET,
                    AthleteLinks.PUBLIC_URL, "https://runs.example/",
                    AthleteLinks.PAGES_TTL_DAYS, "7",
                    AthleteLinks.UNSUBSCRIBE_TTL_DAYS, "90"))
            .orElseThrow();
    assertThat(configured.publicUrl()).isEqualTo("https://runs.example");
    assertThat(configured.pagesTtl()).isEqualTo(Duration.ofDays(7));
    assertThat(configured.unsubscribeTtl()).isEqualTo(Duration.ofDays(90));
    assertThat(configured.unsubscribeMailto())
        .isEqualTo("mailto:alerts@backstride.local?subject=unsubscribe");
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
  }
}
