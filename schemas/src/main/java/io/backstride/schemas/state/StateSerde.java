package io.backstride.schemas.state;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one format of every state-store value, in every application: a version number, then the value
 * in {@link CompactBytes}. The version is what lets a value that an older release wrote to a store
 * (and its changelog) be read after an upgrade: a subclass reads every version from 1 to its
 * current one and writes only the current one, so an old value is rewritten in the new form the
 * next time it changes.
 *
 * <p>Versions stay below {@value #JSON_OBJECT}, the first byte of a JSON object: before this format
 * the stores held JSON, and a value that starts with that byte is one of those, handed to {@link
 * #readJson}. Null stays null (a tombstone), and anything unreadable becomes a {@link
 * SerializationException} naming what it was.
 */
public abstract class StateSerde<T> implements Serde<T> {
  /** {@code '{'}: no version reaches it, so JSON written before versions existed stays apart. */
  static final int JSON_OBJECT = '{';

  private final String what;
  private final int version;

  /**
   * @param what the value's name in error messages, e.g. "athlete state"
   * @param version the version this serde writes; it reads every one from 1 up to it
   */
  protected StateSerde(String what, int version) {
    if (version < 1 || version >= JSON_OBJECT) {
      throw new IllegalArgumentException("a state version from 1 to 122, not " + version);
    }
    this.what = what;
    this.version = version;
  }

  /** Writes the value after the version number. */
  protected abstract void write(CompactBytes.Writer out, T value);

  /**
   * Reads a value written in {@code version} (1 to the current one), from just after the version
   * number to the end; throws any {@link RuntimeException} when it cannot.
   */
  protected abstract T read(CompactBytes.Reader in, int version);

  /** A value the release before this format wrote as JSON; refused unless a subclass reads it. */
  protected T readJson(byte[] json) {
    throw new IllegalStateException("JSON where no JSON was ever written");
  }

  @Override
  public final Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      CompactBytes.Writer out = new CompactBytes.Writer();
      out.unsigned(version);
      write(out, value);
      return out.toByteArray();
    };
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

  private T decode(byte[] bytes) {
    if (bytes.length > 0 && bytes[0] == JSON_OBJECT) {
      return readJson(bytes);
    }
    CompactBytes.Reader in = new CompactBytes.Reader(bytes);
    long written = in.unsigned();
    if (written < 1 || written > version) {
      throw new IllegalStateException("unknown version " + written);
    }
    T value = read(in, (int) written);
    if (!in.atEnd()) {
      throw new IllegalStateException("bytes left after the " + what);
    }
    return value;
  }
}
