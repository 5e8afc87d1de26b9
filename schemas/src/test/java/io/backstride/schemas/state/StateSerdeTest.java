package io.backstride.schemas.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StateSerdeTest {
  /** Version 1 held a name; version 2 adds a count. Earlier still the value was JSON. */
  record Named(String name, long count) {}

  static final class NamedSerde extends StateSerde<Named> {
    NamedSerde() {
      super("named value", 2);
    }

    @Override
    protected void write(CompactBytes.Writer out, Named value) {
      out.string(value.name());
      out.unsigned(value.count());
    }

    @Override
    protected Named read(CompactBytes.Reader in, int version) {
      return new Named(in.string(), version == 1 ? 0 : in.unsigned());
    }

    @Override
    protected Named readJson(byte[] json) {
      return new Named(new String(json, StandardCharsets.UTF_8), -1);
    }
  }

  private static final NamedSerde SERDE = new NamedSerde();

  private static Named read(byte[] bytes) {
    return SERDE.deserializer().deserialize("t", bytes);
  }

  @Test
  void theCurrentVersionIsWrittenFirstAndReadBack() {
    byte[] bytes = SERDE.serializer().serialize("t", new Named("ana", 300));

    assertThat(bytes[0]).isEqualTo((byte) 2);
    assertThat(read(bytes)).isEqualTo(new Named("ana", 300));
  }

  @Test
  void anEarlierVersionIsReadWithWhatItDidNotHave() {
    byte[] v1 = new CompactBytes.Writer().unsigned(1).string("ana").toByteArray();

    assertThat(read(v1)).isEqualTo(new Named("ana", 0));
  }

  @Test
  void jsonFromBeforeVersionsGoesToTheJsonReader() {
    byte[] json = "{\"name\":\"ana\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(read(json)).isEqualTo(new Named("{\"name\":\"ana\"}", -1));
  }

  @Test
  void tombstonesStayNull() {
    assertThat(SERDE.serializer().serialize("t", null)).isNull();
    assertThat(read(null)).isNull();
  }

  @Test
  void unknownVersionsLeftoverBytesAndTruncationAreRefusedWithAReason() {
    byte[] bytes = SERDE.serializer().serialize("t", new Named("ana", 300));
    byte[] future = bytes.clone();
    future[0] = 3;
    byte[] zero = bytes.clone();
    zero[0] = 0;

    assertThatThrownBy(() -> read(future))
        .isInstanceOf(SerializationException.class)
        .hasMessage("unreadable named value: unknown version 3");
    assertThatThrownBy(() -> read(zero)).hasMessageContaining("unknown version 0");
    assertThatThrownBy(() -> read(java.util.Arrays.copyOf(bytes, bytes.length + 1)))
        .hasMessageContaining("bytes left after the named value");
    assertThatThrownBy(() -> read(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
        .hasMessageContaining("truncated");
  }

  @Test
  void aVersionThatWouldReadAsJsonIsRefusedWhenTheSerdeIsMade() {
    assertThatThrownBy(
            () ->
                new StateSerde<String>("x", '{') {
                  @Override
                  protected void write(CompactBytes.Writer out, String value) {}

                  @Override
                  protected String read(CompactBytes.Reader in, int version) {
                    return "";
                  }
                })
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jsonIsRefusedWhereNoneWasWritten() {
    StateSerde<String> plain =
        new StateSerde<>("plain value", 1) {
          @Override
          protected void write(CompactBytes.Writer out, String value) {
            out.string(value);
          }

          @Override
          protected String read(CompactBytes.Reader in, int version) {
            return in.string();
          }
        };

    assertThatThrownBy(() -> plain.deserializer().deserialize("t", "{}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("JSON");
  }
}
