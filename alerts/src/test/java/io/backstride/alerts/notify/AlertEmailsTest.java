package io.backstride.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.alerts.AlertsConfig;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Rule;
import io.backstride.avro.Severity;
import io.backstride.core.links.AthleteLinks;
import io.backstride.core.links.LinkTokens;
import io.backstride.core.load.BaselineState;
import io.backstride.core.load.Trend;
import io.backstride.core.profile.Units;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertEmailsTest {
  private static final LocalDate DAY = LocalDate.parse("2026-04-13");
  private static final AthleteContact ANA =
      new AthleteContact("ana", Optional.of("ana@example.org"), "Ana", true, true);
  private static final AthleteContact ANA_MILES =
      new AthleteContact("ana", Optional.of("ana@example.org"), "Ana", false, true);

  static BackPainRiskAlert alert() {
    return alert(Rule.DOWNHILL_RAMP, "descentM", 620, 160, List.of("FLAT_ROUTES", "NOT_MEDICAL"));
  }

  static BackPainRiskAlert alert(
      Rule rule, String metric, double acute, double chronic, List<String> advice) {
    return BackPainRiskAlert.newBuilder()
        .setAlertId("alert-" + rule)
        .setAthleteId("ana")
        .setRule(rule)
        .setSeverity(Severity.HIGH)
        .setDate(DAY)
        .setMetric(metric)
        .setAcute(acute)
        .setChronic(chronic)
        .setRatio(chronic > 0 ? acute / chronic : null)
        .setThreshold(1.5)
        .setMinimum(300)
        .setAcuteFrom(DAY.minusDays(6))
        .setAcuteTo(DAY)
        .setChronicFrom(DAY.minusDays(34))
        .setChronicTo(DAY.minusDays(7))
        .setAdviceCodes(advice)
        .build();
  }

  private static List<Trend> eightWeeks() {
    List<Trend> trends = new ArrayList<>();
    for (int d = 55; d >= 0; d--) {
      double descent = d < 7 ? 620 : 160;
      trends.add(
          new Trend(
              DAY.minusDays(d),
              60,
              BaselineState.READY,
              3,
              12,
              24000,
              24000,
              24000,
              descent,
              160,
              3.0,
              3.0,
              0,
              0));
    }
    return trends;
  }

  @Test
  void explainsWhatRoseByHowMuchAgainstTheAthletesOwnWeek() {
    Email email = AlertEmails.compose(alert(), ANA);

    assertThat(email.to()).isEqualTo("ana@example.org");
    assertThat(email.subject())
        .isEqualTo("Your downhill running rose quickly: 3.9x your usual week");
    assertThat(email.text())
        .contains(
            "Hi Ana",
            "Downhill this week: 620 m, about 3.9x your usual 160 m a week",
            "from 10 March to 6 April");
    assertThat(email.text()).contains("not medical advice", "physiotherapist", "flatter routes");
    assertThat(email.html()).contains("620 m").doesNotContain("<script");
    assertThat(email.headers()).containsEntry("X-Backstride-Alert-Id", "alert-DOWNHILL_RAMP");
  }

  @Test
  void writesMilesAndFeetForAthletesWhoUseMiles() {
    Email downhill = AlertEmails.compose(alert(), ANA_MILES);
    Email volume =
        AlertEmails.compose(
            alert(Rule.VOLUME_RAMP, "distanceM", 32186.88, 16093.44, List.of()), ANA_MILES);

    assertThat(downhill.text()).contains("Downhill this week: 2034 ft", "your usual 525 ft a week");
    assertThat(volume.text()).contains("Distance this week: 20.0 mi", "your usual 10.0 mi a week");
  }

  @Test
  void writesSpeedAsAPaceInTheAthletesUnits() {
    BackPainRiskAlert speed = alert(Rule.SPEED_RAMP, "speedMps", 3.3, 3.0, List.of("EASE_SPEED"));

    assertThat(AlertEmails.compose(speed, ANA).text())
        .contains("Average pace this week: 5:03 /km, 10% faster than your usual 5:33 /km");
    assertThat(AlertEmails.compose(speed, ANA_MILES).text()).contains("8:08 /mi");
  }

  @Test
  void groupsADaysAlertsInOneEmailWhoseSubjectNamesEachRise() {
    List<BackPainRiskAlert> day =
        List.of(
            alert(),
            alert(Rule.SPEED_RAMP, "speedMps", 3.3, 3.0, List.of("EASE_SPEED", "NOT_MEDICAL")));

    Email email = AlertEmails.compose(day, ANA, List.of(), AlertEmails.DEFAULT_PREFERENCES_URL);

    assertThat(email.subject())
        .isEqualTo("Your downhill running and running speed rose quickly this week");
    assertThat(email.text()).contains("Downhill this week", "Average pace this week");
    assertThat(email.text().split("not medical advice", -1)).hasSize(2); // said once
    assertThat(email.headers().get("X-Backstride-Alert-Id"))
        .isEqualTo("alert-DOWNHILL_RAMP,alert-SPEED_RAMP");
  }

  @Test
  void drawsTheLastEightWeeksAsAnInlinePngChart() {
    Email email =
        AlertEmails.compose(
            List.of(alert()), ANA, eightWeeks(), AlertEmails.DEFAULT_PREFERENCES_URL);

    assertThat(email.images())
        .singleElement()
        .satisfies(
            image -> {
              assertThat(image.mimeType()).isEqualTo("image/png");
              assertThat(Arrays.copyOf(image.bytes(), 4))
                  .containsExactly((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            });
    assertThat(email.html()).contains("src=\"cid:" + email.images().get(0).contentId() + "\"");
    List<AlertChart.Week> weeks =
        AlertChart.weeks(eightWeeks(), DAY, AlertChart.Metric.DESCENT, new Units(true));
    assertThat(weeks).hasSize(8);
    assertThat(weeks.get(7).value()).isEqualTo(620.0); // the ramp week
    assertThat(weeks.get(0).end()).isEqualTo(DAY.minusDays(49));
    assertThat(weeks).extracting(AlertChart.Week::usual).containsOnly(160.0);
  }

  @Test
  void theChartShowsNoUsualWeekWhileTheBaselineWasBuilding() {
    // a new runner: one 4.7 km run three weeks ago, then the runs of the last two weeks; the
    // baseline is building on every week but the last
    List<Trend> trends = new ArrayList<>();
    for (int d = 20; d >= 0; d--) {
      int historyDays = 21 - d;
      BaselineState state =
          historyDays < 14
              ? BaselineState.NONE
              : d == 0 ? BaselineState.READY : BaselineState.BUILDING;
      trends.add(
          new Trend(
              DAY.minusDays(d),
              historyDays,
              state,
              2,
              d == 0 ? 4 : 1,
              9000,
              4700,
              6580,
              60,
              20,
              3.0,
              3.0,
              0,
              0));
    }

    List<AlertChart.Week> weeks =
        AlertChart.weeks(trends, DAY, AlertChart.Metric.DISTANCE, new Units(true));
    byte[] png = AlertChart.png(weeks, AlertChart.Metric.DISTANCE, new Units(true));

    assertThat(weeks).extracting(AlertChart.Week::usual).containsOnlyOnce(6.58);
    assertThat(weeks.get(7).usual()).isEqualTo(6.58);
    assertThat(weeks.subList(0, 7)).extracting(AlertChart.Week::usual).containsOnlyNulls();
    assertThat(Arrays.copyOf(png, 4))
        .containsExactly((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }

  @Test
  void aNewRunnersVolumeAlertIsAgainstTheWeekBeforeNotAUsualWeek() {
    BackPainRiskAlert volume =
        BackPainRiskAlert.newBuilder(alert())
            .setRule(Rule.VOLUME_RAMP)
            .setMetric("distanceMVsPreviousWeek")
            .setAcute(12000)
            .setChronic(8000)
            .setRatio(1.5)
            .setThreshold(1.3)
            .setMinimum(10000)
            .build();

    Email email =
        AlertEmails.compose(List.of(volume), ANA, List.of(), AlertEmails.DEFAULT_PREFERENCES_URL);

    assertThat(email.subject()).endsWith("1.5x the week before").doesNotContain("usual");
  }

  @Test
  void linksToThePreferencesAndOffersListUnsubscribe() {
    Email email =
        AlertEmails.compose(
            List.of(alert()), ANA, List.of(), "https://backstride.example/prefs/{id}");

    assertThat(email.headers())
        .containsEntry("List-Unsubscribe", "<https://backstride.example/prefs/ana>");
    assertThat(email.text()).contains("https://backstride.example/prefs/ana");
    assertThat(email.html()).contains("href=\"https://backstride.example/prefs/ana\"");
  }

  @Test
  void recurringPainAdvisesOnGaitShoesAndStrength() {
    BackPainRiskAlert recurring =
        alert(
            Rule.RECURRING_BACK_PAIN,
            "painReports",
            2,
            0,
            List.of("GAIT", "SHOES", "STRENGTH", "NOT_MEDICAL"));

    Email email = AlertEmails.compose(recurring, ANA);

    assertThat(email.subject()).isEqualTo("About the back pain you reported");
    assertThat(email.text())
        .contains("shorter steps", "bounce less", "less cushioning", "trunk and hips");
  }

  @Test
  void aPainReportEmailDoesNotSayThatSomethingRoseWhenNothingDid() {
    BackPainRiskAlert pain =
        alert(
            Rule.BACK_PAIN_REPORTED,
            "pain",
            6,
            0,
            List.of("PAIN_PLAN", "MOVE_DAILY", "STRENGTH", "NOT_MEDICAL"));

    Email email = AlertEmails.compose(pain, ANA);

    assertThat(email.text()).doesNotContain("rose faster than usual");
    assertThat(email.html()).doesNotContain("rose faster than usual");
    assertThat(email.text())
        .contains("You reported back pain of 6 out of 10")
        .contains("This is not medical advice and not a diagnosis")
        .contains("see a physiotherapist");
  }

  @Test
  void aRampEmailStillSaysThatThisRoseFasterThanUsual() {
    Email email = AlertEmails.compose(alert(), ANA);

    assertThat(email.text()).contains("this rose faster than usual for you");
  }

  @Test
  void quotesTheAthletesNoteBackOnlyWhenTheyWroteOne() {
    BackPainRiskAlert pain =
        alert(Rule.BACK_PAIN_REPORTED, "pain", 4, 0, List.of("PAIN_PLAN", "NOT_MEDICAL"));

    Email withNote =
        AlertEmails.compose(
            List.of(pain),
            ANA,
            List.of(),
            java.util.Map.of(DAY, "sore after the\nhill <repeats>"),
            AlertEmails.DEFAULT_PREFERENCES_URL);
    Email withoutNote =
        AlertEmails.compose(
            List.of(pain),
            ANA,
            List.of(),
            java.util.Map.of(DAY.minusDays(1), "a note of another day"),
            AlertEmails.DEFAULT_PREFERENCES_URL);

    assertThat(withNote.text()).contains("You wrote: \u201csore after the hill <repeats>\u201d");
    assertThat(withNote.html()).contains("You wrote: \u201csore after the hill &lt;repeats&gt;");
    assertThat(withoutNote.text()).doesNotContain("You wrote").doesNotContain("another day");
    assertThat(withoutNote.html()).doesNotContain("You wrote");
  }

  @Test
  void theSameAlertsGiveTheSameMessageId() {
    Email once = AlertEmails.compose(alert(), ANA);
    Email again = AlertEmails.compose(alert(), ANA);

    assertThat(once.messageId()).isNotBlank().isEqualTo(again.messageId());
  }

  @Test
  void emailsOnlyAlertsAboutTheLastThreeDays() {
    LocalDate today = DAY;

    assertThat(DeliveryPolicy.fresh(today, today, 3)).isTrue();
    assertThat(DeliveryPolicy.fresh(today.minusDays(2), today, 3)).isTrue();
    assertThat(DeliveryPolicy.fresh(today.minusDays(3), today, 3)).isFalse();
  }

  @Test
  void freshnessAndPreferencesAreReadFromTheEnvironment() {
    io.backstride.alerts.AlertsConfig.NotifierSettings settings =
        io.backstride.alerts.AlertsConfig.NotifierSettings.fromEnv(
            java.util.Map.of(
                "BACKSTRIDE_NOTIFY_MAX_AGE_DAYS", "5",
                "BACKSTRIDE_PREFERENCES_URL", "https://backstride.example/{id}"));

    assertThat(settings.maxAgeDays()).isEqualTo(5);
    assertThat(settings.preferencesUrl()).isEqualTo("https://backstride.example/{id}");
    assertThat(io.backstride.alerts.AlertsConfig.NotifierSettings.fromEnv(java.util.Map.of()))
        .isEqualTo(io.backstride.alerts.AlertsConfig.NotifierSettings.DEFAULTS);
  }

  @Test
  void withLinksTheEmailLeadsToThePagesAndUnsubscribesInOneClick() {
    LinkTokens tokens = LinkTokens.withSecret("0123456789abcdef0123456789abcdef");
    Instant sent = Instant.parse("2026-04-13T18:00:00Z");
    AthleteLinks links =
        new AthleteLinks(
            "https://runs.example",
            tokens,
            Duration.ofDays(30),
            Duration.ofDays(365),
            "unsubscribe@runs.example");

    Email email =
        AlertEmails.compose(
            List.of(alert()),
            ANA,
            List.of(),
            java.util.Map.of(),
            AlertEmails.DEFAULT_PREFERENCES_URL,
            links,
            sent);

    String pages = links.pagesUrl("ana", sent);
    String unsubscribe = links.unsubscribeUrl("ana", sent);
    assertThat(email.headers())
        .containsEntry(
            "List-Unsubscribe",
            "<"
                + unsubscribe
                + ">, <mailto:unsubscribe@runs.example?subject=unsubscribe%20"
                + unsubscribe.substring(unsubscribe.indexOf("/u/") + 3)
                + ">")
        .containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    assertThat(email.text()).contains(pages).contains("Unsubscribe: " + unsubscribe);
    assertThat(email.html())
        .contains("<a href=\"" + pages + "\">")
        .contains("<a href=\"" + unsubscribe + "\">Unsubscribe</a>")
        .doesNotContain("/v1/athletes/");
    String token = unsubscribe.substring(unsubscribe.lastIndexOf('/') + 1);
    assertThat(tokens.check(token, LinkTokens.Purpose.UNSUBSCRIBE, sent).athleteId())
        .contains("ana");
  }

  @Test
  void theLinkSecretAndPublicUrlAreReadFromTheEnvironment() {
    AlertsConfig.NotifierSettings settings =
        AlertsConfig.NotifierSettings.fromEnv(
            java.util.Map.of(
                "BACKSTRIDE_LINK_SECRET", "0123456789abcdef0123456789abcdef",
                "BACKSTRIDE_PUBLIC_URL", "https://runs.example"));

    assertThat(settings.links().publicUrl()).isEqualTo("https://runs.example");
  }
}
