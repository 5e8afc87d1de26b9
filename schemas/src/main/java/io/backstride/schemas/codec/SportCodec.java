package io.backstride.schemas.codec;

import io.backstride.core.Sport;
import java.util.Optional;

/** {@link Sport} and its Avro enum, which name the same sports. */
public final class SportCodec {

  public static io.backstride.avro.Sport toAvro(Sport sport) {
    return io.backstride.avro.Sport.valueOf(sport.name());
  }

  public static Sport fromAvro(io.backstride.avro.Sport sport) {
    return Sport.valueOf(sport.name());
  }

  /** {@code null} on the wire when no sport was named: the streams stage infers it from speed. */
  public static io.backstride.avro.Sport toAvro(Optional<Sport> sport) {
    return sport.map(SportCodec::toAvro).orElse(null);
  }

  /** Empty for a batch that named no sport. */
  public static Optional<Sport> fromOptionalAvro(io.backstride.avro.Sport sport) {
    return Optional.ofNullable(sport).map(SportCodec::fromAvro);
  }

  private SportCodec() {}
}
