package io.backstride.benchmarks;

import io.backstride.avro.SampleBatch;
import io.backstride.ingest.IngestConfig;
import io.backstride.ingest.KafkaActivityPublisher;
import io.backstride.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floors under the two steps an upload cannot skip after its parse, each bare: Avro-encoding
 * the upload's records, and a Kafka producer sending their bytes and waiting for the
 * acknowledgement. Beside {@link JettyFloor} (HTTP), they make the least any upload route with an
 * HTTP server, Avro and a Kafka producer in its path can cost.
 *
 * <ul>
 *   <li><b>Avro</b>: Avro's own {@link SpecificDatumWriter} and {@link BinaryEncoder}, reused from
 *       one record to the next, writing the same {@link SampleBatch} records ingest builds for the
 *       body into a byte array each, as a producer needs them; no registry, no wire-format header;
 *   <li><b>producer</b>: a {@link KafkaProducer} of its own with ingest's settings exactly ({@link
 *       KafkaActivityPublisher#producerConfig}: {@code acks=all}, idempotence, lz4, linger and
 *       batch size) but its own client id, sending the bytes ingest sends for the body, keyed by
 *       athlete, to the samples topic of the same broker, then flushing and waiting for every
 *       acknowledgement, as ingest's publisher does per upload. Its CPU is the calling thread's
 *       (appending, lz4 framing) plus its I/O thread's.
 * </ul>
 */
final class PublishFloor implements AutoCloseable {
  static final String CLIENT_ID = "floor-producer";

  /** The bare producer's I/O thread, as the Kafka client names it. */
  static final String IO_THREAD = "kafka-producer-network-thread | " + CLIENT_ID;

  private final KafkaProducer<String, byte[]> producer;
  private final SpecificDatumWriter<SampleBatch> writer =
      new SpecificDatumWriter<>(SampleBatch.class);
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
  private BinaryEncoder encoder;

  private PublishFloor(KafkaProducer<String, byte[]> producer) {
    this.producer = producer;
  }

  /** A producer with {@code config}'s settings, as ingest's publisher builds it. */
  static PublishFloor start(IngestConfig config) {
    Map<String, Object> settings =
        KafkaActivityPublisher.producerConfig(config.kafka(), config.ackTimeout());
    settings.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
    return new PublishFloor(
        new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer()));
  }

  /** Encodes {@code batches} once; returns the bytes written, so that the work cannot be cut. */
  int encode(List<SampleBatch> batches) throws IOException {
    int bytes = 0;
    for (SampleBatch batch : batches) {
      buffer.reset();
      encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
      writer.write(batch, encoder);
      encoder.flush();
      bytes += buffer.toByteArray().length;
    }
    return bytes;
  }

  /** CPU nanoseconds per upload of the bare producer: in all, and of it the calling thread's. */
  record Cost(double total, double caller) {}

  /** The bare producer's CPU per upload (this thread and its I/O thread). */
  Cost producerNanos(List<byte[]> values, int uploads) throws Exception {
    CpuAccount account = new CpuAccount(IO_THREAD::equals, name -> false);
    CpuAccount.Snapshot before = CpuAccount.take();
    long started = CpuAccount.currentThreadNanos();
    for (int i = 0; i < uploads; i++) {
      send("bench-athlete-" + i % 10, values);
    }
    long caller = CpuAccount.currentThreadNanos() - started;
    return new Cost(
        (caller + account.since(before).serviceNanos()) / (double) uploads,
        caller / (double) uploads);
  }

  /** Sends one upload's values and waits until each is acknowledged. */
  void send(String athlete, List<byte[]> values) throws Exception {
    List<CompletableFuture<Void>> acks = new ArrayList<>(values.size());
    for (byte[] value : values) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      producer.send(
          new ProducerRecord<>(Topics.ACTIVITY_SAMPLES.name(), athlete, value),
          (metadata, e) -> {
            if (e == null) {
              ack.complete(null);
            } else {
              ack.completeExceptionally(e);
            }
          });
      acks.add(ack);
    }
    producer.flush();
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    producer.close();
  }
}
