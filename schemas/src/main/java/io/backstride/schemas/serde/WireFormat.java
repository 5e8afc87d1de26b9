package io.backstride.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro
 * binary encoding of the value. Any tool that speaks to a Confluent-compatible registry reads it.
 */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_LENGTH = 5;

  /** Writes the 5-byte header in front of an Avro body. */
  public static byte[] frame(int schemaId, byte[] avroBody) {
    return ByteBuffer.allocate(HEADER_LENGTH + avroBody.length)
        .put(MAGIC_BYTE)
        .putInt(schemaId)
        .put(avroBody)
        .array();
  }

  /** The schema id in a framed value; fails on anything that is not in the wire format. */
  public static int schemaId(byte[] framed) {
    if (framed.length < HEADER_LENGTH) {
      throw new SerializationException(
          "Value of " + framed.length + " bytes is too short for the Confluent wire format");
    }
    if (framed[0] != MAGIC_BYTE) {
      throw new SerializationException(
          "Unknown magic byte " + framed[0] + ": not in the Confluent wire format");
    }
    return ByteBuffer.wrap(framed, 1, 4).getInt();
  }

  private WireFormat() {}
}
