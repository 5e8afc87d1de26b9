package io.backstride.streams.state;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A state-store serde written by hand with {@link CompactBytes}: null stays null (a tombstone), and
 * anything unreadable becomes a {@link SerializationException} naming what it was.
 */
public abstract class BinarySerde<T> implements Serde<T> {
  private final String what;

  /**
   * @param what the value's name in error messages, e.g. "athlete state"
   */
  protected BinarySerde(String what) {
    this.what = what;
  }

  protected abstract byte[] encode(T value);

  /** Reads what {@link #encode} wrote; throws any {@link RuntimeException} when it cannot. */
  protected abstract T decode(byte[] bytes);

  @Override
  public final Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : encode(value);
  }

  @Override
  public final Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return decode(bytes);
      } catch (RuntimeException e) {
        throw new SerializationException("unreadable " + what + ": " + e.getMessage(), e);
      }
    };
  }
}
