package io.backstride.core.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.core.links.LinkTokens.Purpose;
import io.backstride.core.links.LinkTokens.Refusal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LinkTokensTest {
  private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
  private static final LinkTokens TOKENS = LinkTokens.withSecret("a".repeat(32) + "-test-secret");

  @Test
  void aSignedTokenOpensItsAthleteForItsPurposeUntilItExpires() {
    String token = TOKENS.sign("ana", Purpose.PAGES, NOW, Duration.ofDays(30));

    assertThat(TOKENS.check(token, Purpose.PAGES, NOW.plus(Duration.ofDays(29))).athleteId())
        .contains("ana");
    assertThat(TOKENS.check(token, Purpose.PAGES, NOW.plus(Duration.ofDays(30))).refusal())
        .contains(Refusal.EXPIRED);
  }

  @Test
  void aTokenForOnePurposeOpensNoOther() {
    String unsubscribe = TOKENS.sign("ana", Purpose.UNSUBSCRIBE, NOW, Duration.ofDays(365));

    assertThat(TOKENS.check(unsubscribe, Purpose.PAGES, NOW).refusal())
        .contains(Refusal.WRONG_PURPOSE);
    assertThat(TOKENS.check(unsubscribe, Purpose.SESSION, NOW).refusal())
        .contains(Refusal.WRONG_PURPOSE);
  }

  @Test
  void anotherAthleteInASignedTokenIsAForgery() {
    String token = TOKENS.sign("ana", Purpose.PAGES, NOW, Duration.ofDays(30));
    String ben =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("ben".getBytes(StandardCharsets.UTF_8));

    String swapped = ben + token.substring(token.indexOf('.'));

    assertThat(TOKENS.check(swapped, Purpose.PAGES, NOW).refusal()).contains(Refusal.FORGED);
  }

  @Test
  void aLongerExpiryOrAnotherSecretIsAForgery() {
    String token = TOKENS.sign("ana", Purpose.PAGES, NOW, Duration.ofDays(1));
    String[] parts = token.split("\\.");
    String extended =
        parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 86_400) + "." + parts[3];
    LinkTokens other = LinkTokens.withSecret("b".repeat(40));

    assertThat(TOKENS.check(extended, Purpose.PAGES, NOW).refusal()).contains(Refusal.FORGED);
    assertThat(other.check(token, Purpose.PAGES, NOW).refusal()).contains(Refusal.FORGED);
  }

  @Test
  void junkIsMalformedNotAnError() {
    assertThat(TOKENS.check("", Purpose.PAGES, NOW).refusal()).contains(Refusal.MALFORMED);
    assertThat(TOKENS.check("a.b.c", Purpose.PAGES, NOW).refusal()).contains(Refusal.MALFORMED);
    assertThat(TOKENS.check("a.p.1.%%%", Purpose.PAGES, NOW).refusal()).contains(Refusal.MALFORMED);
    assertThat(TOKENS.check(null, Purpose.PAGES, NOW).refusal()).contains(Refusal.MALFORMED);
  }

  @Test
  void aShortSecretIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> LinkTokens.withSecret("hunter2"))
        .hasMessageContaining("at least 32 bytes, was 7")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void derivedValuesDependOnTheTokenAndTheSecret() {
    String a = TOKENS.sign("ana", Purpose.SESSION, NOW, Duration.ofHours(12));
    String b = TOKENS.sign("ben", Purpose.SESSION, NOW, Duration.ofHours(12));

    assertThat(TOKENS.derive("csrf", a)).isEqualTo(TOKENS.derive("csrf", a));
    assertThat(TOKENS.derive("csrf", a)).isNotEqualTo(TOKENS.derive("csrf", b));
    assertThat(LinkTokens.withSecret("c".repeat(32)).derive("csrf", a))
        .isNotEqualTo(TOKENS.derive("csrf", a));
  }

  @Test
  void linksCarryTheirPurposeAndBase() {
    AthleteLinks links =
        new AthleteLinks(
            "https://runs.example/",
            TOKENS,
            Duration.ofDays(30),
            Duration.ofDays(365),
            "alerts@runs.example");

    String pages = links.pagesUrl("ana", NOW);
    String unsubscribe = links.unsubscribeUrl("ana", NOW);

    assertThat(pages).startsWith("https://runs.example/a/");
    assertThat(
            TOKENS
                .check(pages.substring(pages.lastIndexOf('/') + 1), Purpose.PAGES, NOW)
                .athleteId())
        .contains("ana");
    assertThat(unsubscribe).startsWith("https://runs.example/u/");
    assertThat(
            TOKENS
                .check(
                    unsubscribe.substring(unsubscribe.lastIndexOf('/') + 1),
                    Purpose.UNSUBSCRIBE,
                    NOW.plus(Duration.ofDays(300)))
                .athleteId())
        .contains("ana");
    assertThatThrownBy(() -> new AthleteLinks("runs.example", TOKENS))
        .hasMessageContaining("http:// or https://");
  }
}
