package io.backstride.alerts.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.alerts.rules.CoolDown;
import io.backstride.alerts.rules.SymptomState;
import io.backstride.alerts.rules.SymptomState.PainReport;
import io.backstride.alerts.rules.SymptomState.WeekPoint;
import io.backstride.core.alert.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AlertStateSerdesTest {
  private static final CoolDownSerde COOL_DOWNS = new CoolDownSerde();
  private static final SymptomStateSerde SYMPTOMS = new SymptomStateSerde();

  /** The value captured in {@code state-a682e60/symptom-state.json}. */
  private static final SymptomState SYMPTOM_STATE =
      new SymptomState(
          List.of(
              new PainReport("r-1", LocalDate.parse("2026-02-20"), 6, "AFTER"),
              new PainReport("r-2", LocalDate.parse("2026-03-01"), 4, "DURING")),
          List.of(
              new WeekPoint(LocalDate.parse("2026-02-27"), 31250.5),
              new WeekPoint(LocalDate.parse("2026-03-01"), 32010.25)));

  private static byte[] resource(String name) throws IOException {
    try (InputStream in =
        AlertStateSerdesTest.class.getResourceAsStream("/state-a682e60/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aCoolDownIsReadBackFromThreeBytes() {
    CoolDown coolDown = new CoolDown(LocalDate.parse("2026-03-04"), Severity.HIGH);
    byte[] bytes = COOL_DOWNS.serializer().serialize("t", coolDown);

    assertThat(COOL_DOWNS.deserializer().deserialize("t", bytes)).isEqualTo(coolDown);
    assertThat(bytes).hasSizeLessThanOrEqualTo(5);
  }

  @Test
  void aSymptomStateIsReadBackExactlyAndSmallerThanItsJson() throws IOException {
    byte[] bytes = SYMPTOMS.serializer().serialize("t", SYMPTOM_STATE);

    assertThat(SYMPTOMS.deserializer().deserialize("t", bytes)).isEqualTo(SYMPTOM_STATE);
    assertThat(
            SYMPTOMS
                .deserializer()
                .deserialize("t", SYMPTOMS.serializer().serialize("t", SymptomState.EMPTY)))
        .isEqualTo(SymptomState.EMPTY);
    assertThat(bytes.length).isLessThan(resource("symptom-state.json").length / 3);
  }

  @Test
  void valuesTheStoresHeldAsJsonAreStillRead() throws IOException {
    assertThat(COOL_DOWNS.deserializer().deserialize("t", resource("cool-down.json")))
        .isEqualTo(new CoolDown(LocalDate.parse("2026-03-04"), Severity.HIGH));
    assertThat(SYMPTOMS.deserializer().deserialize("t", resource("symptom-state.json")))
        .isEqualTo(SYMPTOM_STATE);
  }

  @Test
  void anUnknownSeverityOrATruncatedStateIsRefusedWithAReason() {
    byte[] coolDown =
        COOL_DOWNS
            .serializer()
            .serialize("t", new CoolDown(LocalDate.parse("2026-03-04"), Severity.HIGH));
    coolDown[coolDown.length - 1] = 9;
    byte[] symptoms = SYMPTOMS.serializer().serialize("t", SYMPTOM_STATE);

    assertThatThrownBy(() -> COOL_DOWNS.deserializer().deserialize("t", coolDown))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unreadable cool-down: 9 where at most 1 fits");
    assertThatThrownBy(
            () ->
                SYMPTOMS
                    .deserializer()
                    .deserialize("t", Arrays.copyOf(symptoms, symptoms.length - 2)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unreadable symptom state: truncated");
  }
}
