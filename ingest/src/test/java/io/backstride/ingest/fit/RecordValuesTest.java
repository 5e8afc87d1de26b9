package io.backstride.ingest.fit;

import static org.assertj.core.api.Assertions.assertThat;

import com.garmin.fit.Decode;
import com.garmin.fit.Factory;
import com.garmin.fit.Field;
import com.garmin.fit.Mesg;
import com.garmin.fit.MesgNum;
import com.garmin.fit.RecordMesg;
import io.backstride.ingest.TestFiles;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass raw read of a record gives, slot for slot and bit for bit, what the SDK's getters
 * give: on every record of the real files, and over each field's range of raw values, its invalid
 * value included.
 */
class RecordValuesTest {
  private static final int[] SLOTS = {
    RecordValues.TIMESTAMP,
    RecordValues.LATITUDE,
    RecordValues.LONGITUDE,
    RecordValues.ALTITUDE,
    RecordValues.ENHANCED_ALTITUDE,
    RecordValues.SPEED,
    RecordValues.ENHANCED_SPEED,
    RecordValues.DISTANCE,
    RecordValues.CADENCE,
    RecordValues.FRACTIONAL_CADENCE,
    RecordValues.HEART_RATE,
    RecordValues.VERTICAL_OSCILLATION
  };

  @Test
  void everyRecordOfTheRealFilesReadsAsTheSdkReadsIt() {
    for (String name : List.of("activity-small-fenix2-run.fit", "2013-02-06-12-11-14.fit")) {
      List<Mesg> records = records(TestFiles.sample(name));
      assertThat(records).as(name).hasSizeGreaterThan(500);
      for (Mesg record : records) {
        assertSameAsSdk(record, name + " record at " + record.getFieldLongValue(253));
      }
    }
  }

  @Test
  void everySixteenAndEightBitRawValueScalesAsTheSdkScalesIt() {
    // altitude, speed and vertical oscillation are uint16; cadence, fractional cadence and heart
    // rate uint8; 0xffff and 0xff are their invalid values
    for (int raw = 0; raw <= 0xffff; raw++) {
      Mesg record = record();
      add(record, RecordMesg.AltitudeFieldNum, raw);
      add(record, RecordMesg.SpeedFieldNum, raw);
      add(record, RecordMesg.VerticalOscillationFieldNum, raw);
      if (raw <= 0xff) {
        add(record, RecordMesg.CadenceFieldNum, (short) raw);
        add(record, RecordMesg.FractionalCadenceFieldNum, (short) raw);
        add(record, RecordMesg.HeartRateFieldNum, (short) raw);
      }
      assertSameAsSdk(record, "raw " + raw);
    }
  }

  @Test
  void thirtyTwoBitRawValuesScaleAsTheSdkScalesThem() {
    Random random = new Random(20260302);
    List<Long> raws = new ArrayList<>(List.of(0L, 1L, 0xfffffffeL, 0xffffffffL, 2_500_000L));
    for (int i = 0; i < 20_000; i++) {
      raws.add(random.nextLong() & 0xffffffffL);
    }
    for (long raw : raws) {
      Mesg record = record();
      add(record, RecordMesg.TimestampFieldNum, raw);
      add(record, RecordMesg.DistanceFieldNum, raw);
      add(record, RecordMesg.EnhancedSpeedFieldNum, raw);
      add(record, RecordMesg.EnhancedAltitudeFieldNum, raw);
      add(record, RecordMesg.PositionLatFieldNum, (int) raw); // sint32: 0x7fffffff is invalid
      add(record, RecordMesg.PositionLongFieldNum, (int) raw);
      assertSameAsSdk(record, "raw " + raw);
    }
    Mesg invalid = record();
    add(invalid, RecordMesg.PositionLatFieldNum, Integer.MAX_VALUE);
    assertSameAsSdk(invalid, "sint32 invalid");
  }

  @Test
  void theFirstFieldOfANumberCountsAsForTheSdk() {
    Mesg record = record();
    add(record, RecordMesg.HeartRateFieldNum, (short) 140);
    add(record, RecordMesg.HeartRateFieldNum, (short) 150);
    RecordValues values = new RecordValues();
    values.read(record);
    assertThat(values.get(RecordValues.HEART_RATE)).isEqualTo(140);
    assertSameAsSdk(record, "two heart rates");
  }

  @Test
  void aRawValueTheSdkScalesAnotherWayIsLeftToTheSdk() {
    Mesg record = record();
    add(record, RecordMesg.HeartRateFieldNum, (short) 140);
    add(record, RecordMesg.DistanceFieldNum, BigInteger.valueOf(123_456));
    assertThat(new RecordValues().readRaw(record)).isFalse();
    RecordValues values = new RecordValues();
    values.read(record);
    assertThat(values.get(RecordValues.HEART_RATE)).isEqualTo(140);
    assertThat(values.get(RecordValues.DISTANCE))
        .isEqualTo(record.getFieldFloatValue(RecordMesg.DistanceFieldNum).doubleValue());
  }

  /** Both ways of reading {@code record} agree on every slot: presence and bits. */
  private static void assertSameAsSdk(Mesg record, String what) {
    RecordValues raw = new RecordValues();
    assertThat(raw.readRaw(record)).as(what).isTrue();
    RecordValues sdk = new RecordValues();
    sdk.readThroughSdk(record);
    for (int slot : SLOTS) {
      assertThat(raw.has(slot)).as(what + ", slot " + slot).isEqualTo(sdk.has(slot));
      if (sdk.has(slot)) {
        if (slot == RecordValues.TIMESTAMP) {
          assertThat(raw.timestamp()).as(what + ", timestamp").isEqualTo(sdk.timestamp());
        } else {
          assertThat(Double.doubleToRawLongBits(raw.get(slot)))
              .as(what + ", slot " + slot + ": " + raw.get(slot) + " vs " + sdk.get(slot))
              .isEqualTo(Double.doubleToRawLongBits(sdk.get(slot)));
        }
      }
    }
  }

  private static Mesg record() {
    return Factory.createMesg(MesgNum.RECORD);
  }

  private static void add(Mesg record, int fieldNum, Object raw) {
    Field field = Factory.createField(MesgNum.RECORD, fieldNum);
    field.addRawValue(raw);
    record.addField(field);
  }

  private static List<Mesg> records(byte[] file) {
    List<Mesg> records = new ArrayList<>();
    new Decode()
        .read(
            new ByteArrayInputStream(file),
            mesg -> {
              if (mesg.getNum() == MesgNum.RECORD) {
                records.add(mesg);
              }
            });
    return records;
  }
}
