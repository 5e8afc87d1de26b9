package io.backstride.ingest.fit;

import com.garmin.fit.DateTime;
import com.garmin.fit.DeveloperDataIdMesg;
import com.garmin.fit.DeveloperField;
import com.garmin.fit.FieldDescriptionMesg;
import com.garmin.fit.File;
import com.garmin.fit.FileEncoder;
import com.garmin.fit.FileIdMesg;
import com.garmin.fit.Fit;
import com.garmin.fit.FitBaseType;
import com.garmin.fit.Manufacturer;
import com.garmin.fit.Mesg;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.SessionMesg;
import com.garmin.fit.Sport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * FIT files made up for tests with the SDK's own {@link FileEncoder}, so that header, definitions
 * and CRC are exactly what a device writes.
 */
public final class TestFit {
  public static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  /** Semicircles of a latitude or longitude in degrees. */
  public static int semicircles(double degrees) {
    return (int) Math.round(degrees * (1L << 31) / 180.0);
  }

  /** Collects messages in the order the file will hold them. */
  public static final class Builder {
    private final List<Mesg> messages = new ArrayList<>();
    private DeveloperDataIdMesg developer;
    private FieldDescriptionMesg developerField;

    public Builder() {
      FileIdMesg id = new FileIdMesg();
      id.setType(File.ACTIVITY);
      id.setManufacturer(Manufacturer.DEVELOPMENT);
      id.setProduct(1);
      id.setSerialNumber(12345L);
      id.setTimeCreated(new DateTime(T0));
      messages.add(id);
    }

    /** Declares a developer field (an app's "running power", say) for {@link #record}. */
    public Builder withDeveloperField() {
      developer = new DeveloperDataIdMesg();
      developer.setDeveloperDataIndex((short) 0);
      for (int i = 0; i < 16; i++) {
        developer.setApplicationId(i, (byte) i);
      }
      developerField = new FieldDescriptionMesg();
      developerField.setDeveloperDataIndex((short) 0);
      developerField.setFieldDefinitionNumber((short) 0);
      developerField.setFitBaseTypeId(FitBaseType.UINT8);
      developerField.setFieldName(0, "doughnuts_earned");
      developerField.setUnits(0, "doughnuts");
      messages.add(developer);
      messages.add(developerField);
      return this;
    }

    /** A record; {@code customize} sets its fields (the timestamp is set here). */
    public Builder record(int secondsFromT0, java.util.function.Consumer<RecordMesg> customize) {
      RecordMesg record = new RecordMesg();
      record.setTimestamp(new DateTime(T0.plusSeconds(secondsFromT0)));
      customize.accept(record);
      if (developerField != null) {
        DeveloperField value = new DeveloperField(developerField, developer);
        value.setValue((short) (secondsFromT0 % 200));
        record.addDeveloperField(value);
      }
      messages.add(record);
      return this;
    }

    /** A session of this sport from {@code startS} to {@code endS} seconds after T0. */
    public Builder session(Sport sport, int startS, int endS) {
      SessionMesg session = new SessionMesg();
      session.setTimestamp(new DateTime(T0.plusSeconds(endS)));
      session.setStartTime(new DateTime(T0.plusSeconds(startS)));
      session.setSport(sport);
      messages.add(session);
      return this;
    }

    /** A timer event ({@code START}, {@code STOP}, {@code STOP_ALL}) at this second. */
    public Builder timer(int secondsFromT0, com.garmin.fit.EventType type) {
      com.garmin.fit.EventMesg event = new com.garmin.fit.EventMesg();
      event.setTimestamp(new DateTime(T0.plusSeconds(secondsFromT0)));
      event.setEvent(com.garmin.fit.Event.TIMER);
      event.setEventType(type);
      messages.add(event);
      return this;
    }

    /** Any other message. */
    public Builder message(Mesg message) {
      messages.add(message);
      return this;
    }

    /** The encoded file. */
    public byte[] bytes(Path dir) {
      try {
        Path file = Files.createTempFile(dir, "test", ".fit");
        FileEncoder encoder = new FileEncoder(file.toFile(), Fit.ProtocolVersion.V2_0);
        encoder.write(messages);
        encoder.close();
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private TestFit() {}
}
