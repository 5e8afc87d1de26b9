package io.backstride.platform.deadletter;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Configurable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the two Streams exception handlers share: the dead letters they build from their
 * configuration ({@link DeadLetterRecords#configure}), and the rule that a record is only skipped
 * with its dead letter: one that cannot be built stops the application instead.
 */
abstract class DeadLetteringHandler implements Configurable {
  /** The handler's own logger, so that a line names the handler that wrote it. */
  private final Logger log = LoggerFactory.getLogger(getClass());

  private DeadLetterRecords deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    deadLetters = DeadLetterRecords.configure(configs);
  }

  /**
   * The dead letter of the record at {@code source}-{@code partition}@{@code offset} (see {@link
   * DeadLetterRecords#deadLetter}), logged and counted under {@code meterReason} ({@link
   * DeadLetterMeter}); empty, and logged as the error it is, when it cannot be built: skipping the
   * record without its dead letter would lose it silently.
   */
  final Optional<ProducerRecord<byte[], byte[]>> deadLetter(
      String meterReason,
      String athleteId,
      byte[] rawKey,
      String source,
      int partition,
      long offset,
      long timestamp,
      String reason) {
    try {
      ProducerRecord<byte[], byte[]> letter =
          deadLetters.deadLetter(athleteId, rawKey, source, partition, offset, timestamp, reason);
      log.warn("Dead-lettering {}-{}@{}: {}", source, partition, offset, reason);
      deadLetters.count(meterReason, source);
      return Optional.of(letter);
    } catch (RuntimeException e) {
      log.error(
          "Cannot dead-letter {}-{}@{} ({}): {}",
          source,
          partition,
          offset,
          reason,
          DeadLetterRecords.describe(e));
      return Optional.empty();
    }
  }
}
