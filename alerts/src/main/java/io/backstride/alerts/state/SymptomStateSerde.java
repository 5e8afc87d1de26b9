package io.backstride.alerts.state;

import io.backstride.alerts.rules.SymptomState;
import io.backstride.alerts.rules.SymptomState.PainReport;
import io.backstride.alerts.rules.SymptomState.WeekPoint;
import io.backstride.schemas.serde.JsonSerde;
import io.backstride.schemas.state.CompactBytes;
import io.backstride.schemas.state.StateSerde;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * {@link SymptomState} in the state format. Layout, version 1: the number of reports, each with its
 * id, day (signed epoch day), pain and timing; then the number of weekly points, each with its day
 * and the usual weekly distance (exact: the rules compare it with a later one). The stores held
 * these as JSON before: that is still read, and rewritten in this form at the athlete's next trend
 * or report.
 */
public final class SymptomStateSerde extends StateSerde<SymptomState> {
  private static final Deserializer<SymptomState> JSON =
      JsonSerde.of(SymptomState.class).deserializer();

  public SymptomStateSerde() {
    super("symptom state", 1);
  }

  @Override
  protected void write(CompactBytes.Writer out, SymptomState value) {
    out.unsigned(value.reports().size());
    for (PainReport r : value.reports()) {
      out.string(r.reportId());
      out.signed(r.date().toEpochDay());
      out.signed(r.pain());
      out.string(r.timing());
    }
    out.unsigned(value.weeks().size());
    for (WeekPoint w : value.weeks()) {
      out.signed(w.date().toEpochDay());
      out.f64(w.chronicWeeklyDistanceM());
    }
  }

  @Override
  protected SymptomState read(CompactBytes.Reader in, int version) {
    int reportCount = in.count();
    List<PainReport> reports = new ArrayList<>(reportCount);
    for (int i = 0; i < reportCount; i++) {
      reports.add(
          new PainReport(
              in.string(), LocalDate.ofEpochDay(in.signed()), (int) in.signed(), in.string()));
    }
    int weekCount = in.count();
    List<WeekPoint> weeks = new ArrayList<>(weekCount);
    for (int i = 0; i < weekCount; i++) {
      weeks.add(new WeekPoint(LocalDate.ofEpochDay(in.signed()), in.f64()));
    }
    return new SymptomState(reports, weeks);
  }

  @Override
  protected SymptomState readJson(byte[] json) {
    return JSON.deserialize(null, json);
  }
}
