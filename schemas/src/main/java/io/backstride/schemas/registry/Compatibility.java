package io.backstride.schemas.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** Confluent's compatibility levels that backstride enforces, decided by Avro's own checker. */
public enum Compatibility {
  NONE,
  /** A consumer on the new schema reads data written with the latest one. */
  BACKWARD,
  /** A consumer on the latest schema reads data written with the new one. */
  FORWARD,
  FULL;

  /** Whether {@code candidate} may follow {@code latest} under this level. */
  public boolean allows(Schema latest, Schema candidate) {
    return switch (this) {
      case NONE -> true;
      case BACKWARD -> canRead(candidate, latest);
      case FORWARD -> canRead(latest, candidate);
      case FULL -> canRead(candidate, latest) && canRead(latest, candidate);
    };
  }

  private static boolean canRead(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
        == SchemaCompatibilityType.COMPATIBLE;
  }
}
