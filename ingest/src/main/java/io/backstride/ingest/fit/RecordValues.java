package io.backstride.ingest.fit;

import com.garmin.fit.Field;
import com.garmin.fit.Fit;
import com.garmin.fit.Mesg;
import com.garmin.fit.RecordMesg;
import java.math.BigInteger;

/**
 * The values of one {@code record} message that the reader takes, read off the decoder's message in
 * one pass over its fields: the same numbers the SDK's getters ({@code
 * getFieldFloatValue(RecordMesg.AltitudeFieldNum, 0, MAIN)} and the rest) give, without their cost.
 * Each getter searches the message's fields for the number, looks the base type's invalid value up
 * in a {@code HashMap<Integer, Object>} and boxes the scaled value twice (a Double, then a Float):
 * ten times per record, a tenth of the FIT reader's time.
 *
 * <p>Here each field's raw value (as the decoder stored it) is scaled with the FIT profile's scale
 * and offset for that field, the arithmetic the SDK does, so every value is the SDK's to the bit
 * ({@code RecordValuesTest} compares them on every record of the real files and over the fields'
 * whole ranges). A raw value the SDK would treat another way (a 64-bit integer, scaled through
 * BigDecimal; a string where a number belongs, on which its getter throws) makes the whole record
 * be read through the SDK's getters instead, as before.
 *
 * <p>One instance per read, reused from record to record. Not thread-safe.
 */
final class RecordValues {
  private static final int MAIN = Fit.SUBFIELD_INDEX_MAIN_FIELD;

  // The slots of the values taken; a bit each in present.
  static final int TIMESTAMP = 0;
  static final int LATITUDE = 1;
  static final int LONGITUDE = 2;
  static final int ALTITUDE = 3;
  static final int ENHANCED_ALTITUDE = 4;
  static final int SPEED = 5;
  static final int ENHANCED_SPEED = 6;
  static final int DISTANCE = 7;
  static final int CADENCE = 8;
  static final int FRACTIONAL_CADENCE = 9;
  static final int HEART_RATE = 10;
  static final int VERTICAL_OSCILLATION = 11;
  private static final int SLOTS = 12;

  /** How the SDK's getter narrows the value: the slot's getter and result type. */
  private enum Kind {
    LONG,
    INTEGER,
    SHORT,
    FLOAT
  }

  /** The slot of each record field number, or -1. Field numbers are one byte in a definition. */
  private static final int[] SLOT_OF_FIELD = new int[256];

  private static final int[] FIELD_OF_SLOT = new int[SLOTS];
  private static final Kind[] KIND = new Kind[SLOTS];

  /** The FIT profile's scale and offset (the SDK's {@code RecordMesg} field definitions). */
  private static final double[] SCALE = new double[SLOTS];

  private static final double[] OFFSET = new double[SLOTS];

  /** The invalid value of each base type, as the SDK's map holds it, looked up by index. */
  private static final Object[] INVALID = new Object[256];

  static {
    java.util.Arrays.fill(SLOT_OF_FIELD, -1);
    slot(TIMESTAMP, RecordMesg.TimestampFieldNum, Kind.LONG, 1, 0);
    slot(LATITUDE, RecordMesg.PositionLatFieldNum, Kind.INTEGER, 1, 0);
    slot(LONGITUDE, RecordMesg.PositionLongFieldNum, Kind.INTEGER, 1, 0);
    slot(ALTITUDE, RecordMesg.AltitudeFieldNum, Kind.FLOAT, 5, 500);
    slot(ENHANCED_ALTITUDE, RecordMesg.EnhancedAltitudeFieldNum, Kind.FLOAT, 5, 500);
    slot(SPEED, RecordMesg.SpeedFieldNum, Kind.FLOAT, 1000, 0);
    slot(ENHANCED_SPEED, RecordMesg.EnhancedSpeedFieldNum, Kind.FLOAT, 1000, 0);
    slot(DISTANCE, RecordMesg.DistanceFieldNum, Kind.FLOAT, 100, 0);
    slot(CADENCE, RecordMesg.CadenceFieldNum, Kind.SHORT, 1, 0);
    slot(FRACTIONAL_CADENCE, RecordMesg.FractionalCadenceFieldNum, Kind.FLOAT, 128, 0);
    slot(HEART_RATE, RecordMesg.HeartRateFieldNum, Kind.SHORT, 1, 0);
    slot(VERTICAL_OSCILLATION, RecordMesg.VerticalOscillationFieldNum, Kind.FLOAT, 10, 0);
    Fit.baseTypeInvalidMap.forEach(
        (type, invalid) -> {
          if (type >= 0 && type < INVALID.length) {
            INVALID[type] = invalid;
          }
        });
  }

  private static void slot(int slot, int field, Kind kind, double scale, double offset) {
    SLOT_OF_FIELD[field] = slot;
    FIELD_OF_SLOT[slot] = field;
    KIND[slot] = kind;
    SCALE[slot] = scale;
    OFFSET[slot] = offset;
  }

  /**
   * Each slot's value as the SDK's getter returns it, widened to a double (exact for an int, a
   * short and a float); meaningful where {@link #has} says so. The timestamp, a long, is kept
   * apart.
   */
  private final double[] values = new double[SLOTS];

  private long timestamp;

  private int present;

  /** Reads the slots of {@code record}, replacing the last record's. */
  void read(Mesg record) {
    if (!readRaw(record)) {
      readThroughSdk(record);
    }
  }

  boolean has(int slot) {
    return (present & 1 << slot) != 0;
  }

  /** The value of a slot that {@link #has} one, but the timestamp's. */
  double get(int slot) {
    return values[slot];
  }

  /** The timestamp, when the record {@link #has} one. */
  long timestamp() {
    return timestamp;
  }

  /**
   * One pass over the fields; false, with nothing to be trusted, at a raw value the SDK would not
   * scale as plain arithmetic does. The first field of a number counts, as for the SDK's getters.
   */
  boolean readRaw(Mesg record) {
    present = 0;
    int seen = 0;
    for (Field field : record.getFields()) {
      int number = field.getNum();
      int slot = number >= 0 && number < SLOT_OF_FIELD.length ? SLOT_OF_FIELD[number] : -1;
      if (slot < 0 || (seen & 1 << slot) != 0) {
        continue;
      }
      seen |= 1 << slot;
      if (field.getNumValues() == 0) {
        continue; // the SDK answers null: no value
      }
      Object raw = field.getRawValue(0);
      if (!(raw instanceof Number number0) || raw instanceof BigInteger) {
        return false;
      }
      boolean invalid = isInvalid(field.getType(), raw);
      if (KIND[slot] == Kind.LONG) {
        timestamp = invalid || unscaled(slot) ? number0.longValue() : (long) scaled(slot, number0);
      } else {
        values[slot] = value(slot, number0, invalid);
      }
      present |= 1 << slot;
    }
    return true;
  }

  /**
   * What the SDK's getter makes of a raw value: its base type's invalid value unscaled, anything
   * else divided by the scale less the offset, then narrowed to the getter's type.
   */
  private static double value(int slot, Number raw, boolean invalid) {
    boolean asIs = invalid || unscaled(slot);
    return switch (KIND[slot]) {
      case INTEGER -> asIs ? raw.intValue() : (int) scaled(slot, raw);
      case SHORT -> asIs ? raw.shortValue() : (short) scaled(slot, raw);
      case FLOAT -> (float) (asIs ? raw.doubleValue() : scaled(slot, raw));
      case LONG -> throw new IllegalStateException("the timestamp is a long of its own");
    };
  }

  private static boolean unscaled(int slot) {
    return SCALE[slot] == 1 && OFFSET[slot] == 0;
  }

  private static double scaled(int slot, Number raw) {
    return raw.doubleValue() / SCALE[slot] - OFFSET[slot];
  }

  private static boolean isInvalid(int type, Object raw) {
    Object invalid =
        type >= 0 && type < INVALID.length ? INVALID[type] : Fit.baseTypeInvalidMap.get(type);
    return invalid != null && invalid.equals(raw);
  }

  /** Every slot through the SDK's own getters: the way for a record {@link #readRaw} declines. */
  void readThroughSdk(Mesg record) {
    present = 0;
    for (int slot = 0; slot < SLOTS; slot++) {
      int field = FIELD_OF_SLOT[slot];
      Number value =
          switch (KIND[slot]) {
            case LONG -> record.getFieldLongValue(field, 0, MAIN);
            case INTEGER -> record.getFieldIntegerValue(field, 0, MAIN);
            case SHORT -> record.getFieldShortValue(field, 0, MAIN);
            case FLOAT -> record.getFieldFloatValue(field, 0, MAIN);
          };
      if (value != null) {
        if (value instanceof Long time) {
          timestamp = time;
        } else {
          values[slot] = value.doubleValue();
        }
        present |= 1 << slot;
      }
    }
  }
}
