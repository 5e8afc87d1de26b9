package io.backstride.ingest.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.ingest.TestFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitedInputStreamTest {

  @Test
  void aCapLetsExactlyItsBytesThroughAndTheEndOfTheStreamAfterThem() throws IOException {
    ByteCap cap = ByteCap.of(100);
    LimitedInputStream in = new LimitedInputStream(bytes(100), cap);

    assertThat(in.readAllBytes()).hasSize(100);
    assertThat(in.count()).isEqualTo(100);
    assertThat(cap.exceeded()).isFalse();
  }

  @Test
  void oneByteBeyondTheCapFailsTheReadAndTheFlagOutlivesASwallowedException() {
    ByteCap cap = ByteCap.of(100);
    LimitedInputStream in = new LimitedInputStream(bytes(101), cap);

    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(ByteCap.TooLargeException.class)
        .hasMessage("more than 100 bytes");
    assertThat(cap.exceeded()).isTrue();
  }

  @Test
  void aCapReadsAtMostOneBytePastItselfFromTheWrappedStream() throws IOException {
    LimitedInputStream counted = new LimitedInputStream(bytes(10_000));
    LimitedInputStream capped = new LimitedInputStream(counted, ByteCap.of(100, "too big"));

    assertThatThrownBy(() -> capped.read(new byte[8192])).hasMessage("too big");
    // it asks for one byte more than it lets through, never for the whole buffer
    assertThat(counted.count()).isEqualTo(101);
  }

  @Test
  void singleByteReadsAndSkipsCountAgainstTheCap() throws IOException {
    ByteCap cap = ByteCap.of(10);
    LimitedInputStream in = new LimitedInputStream(bytes(12), cap);

    assertThat(in.skip(8)).isEqualTo(8);
    assertThat(in.read()).isGreaterThanOrEqualTo(0);
    assertThat(in.read()).isGreaterThanOrEqualTo(0);
    assertThatThrownBy(in::read).isInstanceOf(ByteCap.TooLargeException.class);
    assertThat(cap.count()).isEqualTo(11);
  }

  @Test
  void oneCapGivenToSeveralStreamsCapsThemTogether() throws IOException {
    ByteCap total = ByteCap.of(150, "the archive unpacks to too much");
    try (InputStream first = new LimitedInputStream(bytes(100), total)) {
      first.transferTo(OutputStream.nullOutputStream());
    }
    InputStream second = new LimitedInputStream(bytes(100), ByteCap.of(1000), total);

    assertThatThrownBy(() -> second.transferTo(OutputStream.nullOutputStream()))
        .hasMessage("the archive unpacks to too much");
    assertThat(total.exceeded()).isTrue();
  }

  @Test
  void aGrowingCapFollowsTheBytesAnotherStreamHasCounted() throws IOException {
    LimitedInputStream packed = new LimitedInputStream(bytes(10));
    ByteCap ratio = ByteCap.growing(() -> packed.count() * 3, "more than 3:1");
    LimitedInputStream unpacked = new LimitedInputStream(bytes(40), ratio);

    packed.readNBytes(10);
    assertThat(unpacked.readNBytes(30)).hasSize(30);
    assertThatThrownBy(unpacked::read).hasMessage("more than 3:1");
  }

  @Test
  void aDeadlineRefusesEveryReadOnceItHasPassed() {
    Deadline deadline = new Deadline(Duration.ofNanos(1));
    spin(Duration.ofMillis(1));
    LimitedInputStream in = new LimitedInputStream(bytes(10), deadline);

    assertThatThrownBy(in::read)
        .isInstanceOf(IOException.class)
        .hasMessage("reading took longer than 0 ms");
    assertThat(deadline.expired()).isTrue();
    assertThat(in.count()).isZero();
  }

  @Test
  void aDeadlineBlamesTheClientWhenMostOfItsTimeWentToWaitingForBytes() throws IOException {
    Deadline deadline = new Deadline(Duration.ofMillis(20));
    InputStream slow =
        new ByteArrayInputStream(new byte[10]) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            spin(Duration.ofMillis(30));
            return super.read(b, off, len);
          }
        };
    LimitedInputStream in = new LimitedInputStream(slow, deadline);

    in.read(new byte[1]);
    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    assertThat(deadline.mostlyWaited()).isTrue();
  }

  @Test
  void aDeadlineBlamesTheWorkWhenTheBytesCameAtOnce() throws IOException {
    Deadline deadline = new Deadline(Duration.ofMillis(20));
    LimitedInputStream in = new LimitedInputStream(bytes(10), deadline);

    in.read(new byte[1]);
    spin(Duration.ofMillis(30)); // the parser's work, outside the stream's reads
    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    assertThat(deadline.expired()).isTrue();
    assertThat(deadline.mostlyWaited()).isFalse();
  }

  @Test
  void keepsTheWrappedStreamsOwnFailureButNotTheLimits() {
    InputStream broken = TestFiles.failing("connection reset");
    LimitedInputStream failing = new LimitedInputStream(broken);
    LimitedInputStream capped = new LimitedInputStream(bytes(10), ByteCap.of(5));

    assertThatThrownBy(failing::read).hasMessage("connection reset");
    assertThatThrownBy(capped::readAllBytes).isInstanceOf(ByteCap.TooLargeException.class);
    assertThat(failing.failure())
        .get()
        .extracting(Throwable::getMessage)
        .isEqualTo("connection reset");
    assertThat(capped.failure()).isEmpty();
  }

  private static InputStream bytes(int n) {
    return new ByteArrayInputStream(new byte[n]);
  }

  /** Takes up this much time on this thread, as slow I/O or slow parsing would. */
  private static void spin(Duration time) {
    long end = System.nanoTime() + time.toNanos();
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
