package io.backstride.alerts.state;

import io.backstride.alerts.rules.CoolDown;
import io.backstride.core.alert.Severity;
import io.backstride.schemas.serde.JsonSerde;
import io.backstride.schemas.state.CompactBytes;
import io.backstride.schemas.state.StateSerde;
import java.time.LocalDate;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * {@link CoolDown} in the state format. Layout, version 1: the alert's day (signed epoch day), then
 * its severity's ordinal. The stores held these as JSON before: that is still read, and rewritten
 * in this form at the athlete's next alert of the rule.
 */
public final class CoolDownSerde extends StateSerde<CoolDown> {
  private static final Severity[] SEVERITIES = Severity.values();
  private static final Deserializer<CoolDown> JSON = JsonSerde.of(CoolDown.class).deserializer();

  public CoolDownSerde() {
    super("cool-down", 1);
  }

  @Override
  protected void write(CompactBytes.Writer out, CoolDown value) {
    out.signed(value.date().toEpochDay());
    out.unsigned(value.severity().ordinal());
  }

  @Override
  protected CoolDown read(CompactBytes.Reader in, int version) {
    LocalDate date = LocalDate.ofEpochDay(in.signed());
    return new CoolDown(date, SEVERITIES[in.atMost(SEVERITIES.length - 1)]);
  }

  @Override
  protected CoolDown readJson(byte[] json) {
    return JSON.deserialize(null, json);
  }
}
