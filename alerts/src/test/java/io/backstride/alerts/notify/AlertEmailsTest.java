package io.backstride.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.avro.BackPainRiskAlert;
import io.backstride.avro.Rule;
import io.backstride.avro.Severity;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertEmailsTest {
  private static final LocalDate DAY = LocalDate.parse("2026-04-13");

  static BackPainRiskAlert alert() {
    return BackPainRiskAlert.newBuilder()
        .setAlertId("alert-1")
        .setAthleteId("ana")
        .setRule(Rule.DOWNHILL_RAMP)
        .setSeverity(Severity.HIGH)
        .setDate(DAY)
        .setMetric("descentM")
        .setAcute(620)
        .setChronic(160)
        .setRatio(620.0 / 160)
        .setThreshold(1.5)
        .setMinimum(300)
        .setAcuteFrom(DAY.minusDays(6))
        .setAcuteTo(DAY)
        .setChronicFrom(DAY.minusDays(34))
        .setChronicTo(DAY.minusDays(7))
        .setAdviceCodes(List.of("FLAT_ROUTES", "NOT_MEDICAL"))
        .build();
  }

  @Test
  void explainsWhatRoseByHowMuchAgainstTheAthletesOwnWeek() {
    Email email =
        AlertEmails.compose(
            alert(), new AthleteContact("ana", Optional.of("ana@example.org"), "Ana", true, true));

    assertThat(email.to()).isEqualTo("ana@example.org");
    assertThat(email.subject())
        .isEqualTo("Your downhill running rose quickly: 3.9x your usual week");
    assertThat(email.text())
        .contains(
            "Hi Ana",
            "your runs went 620 m downhill in all",
            "about 3.9x your usual 160 m a week",
            "from 10 March to 6 April");
    assertThat(email.text()).contains("not medical advice", "physiotherapist", "flatter routes");
    assertThat(email.html()).contains("620 m").doesNotContain("<script");
    assertThat(email.headers()).containsEntry("X-Backstride-Alert-Id", "alert-1");
  }

  @Test
  void writesFeetForAthletesWhoUseMiles() {
    Email email =
        AlertEmails.compose(
            alert(), new AthleteContact("ana", Optional.of("ana@example.org"), "Ana", false, true));

    assertThat(email.text()).contains("went 2034 ft downhill", "your usual 525 ft a week");
  }
}
