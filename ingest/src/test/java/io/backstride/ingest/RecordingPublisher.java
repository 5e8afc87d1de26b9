package io.backstride.ingest;

import io.backstride.avro.AthleteProfile;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.SymptomReport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what would go to Kafka and answers with a chosen future. */
final class RecordingPublisher implements ActivityPublisher {
  final List<String> keys = new CopyOnWriteArrayList<>();
  final List<SampleBatch> batches = new CopyOnWriteArrayList<>();
  final List<AthleteProfile> profiles = new CopyOnWriteArrayList<>();
  final List<SymptomReport> symptoms = new CopyOnWriteArrayList<>();
  volatile CompletableFuture<Void> answer = CompletableFuture.completedFuture(null);
  volatile Optional<String> down = Optional.empty();

  @Override
  public CompletableFuture<Void> publish(String athleteId, List<SampleBatch> published) {
    keys.add(athleteId);
    batches.addAll(published);
    return answer;
  }

  @Override
  public CompletableFuture<Void> publishProfile(String athleteId, AthleteProfile profile) {
    keys.add(athleteId);
    profiles.add(profile);
    return answer;
  }

  @Override
  public CompletableFuture<Void> publishSymptom(String athleteId, SymptomReport report) {
    keys.add(athleteId);
    symptoms.add(report);
    return answer;
  }

  @Override
  public Optional<String> unavailableReason() {
    return down;
  }

  /** Whether nothing at all was published. */
  boolean nothingPublished() {
    return batches.isEmpty() && profiles.isEmpty() && symptoms.isEmpty();
  }
}
