package io.backstride.streams;

import io.backstride.avro.Sample;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.Sport;
import io.backstride.core.activity.Geo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Runs with a known truth: out on a climb, back down the same hill, 3 m/s, one sample a second. */
final class SyntheticRuns {
  static final double SPEED_MPS = 3.0;

  static List<SampleBatch> run(
      String athleteId, String activityId, Instant start, double distanceM, double climbM) {
    return activity(athleteId, activityId, start, distanceM, climbM, Sport.RUNNING);
  }

  /** The same track declared as another sport (a hike, a walk). */
  static List<SampleBatch> activity(
      String athleteId,
      String activityId,
      Instant start,
      double distanceM,
      double climbM,
      Sport sport) {
    int seconds = (int) (distanceM / SPEED_MPS);
    List<Sample> samples = new ArrayList<>();
    for (int t = 0; t <= seconds; t++) {
      double d = t * SPEED_MPS;
      double half = distanceM / 2;
      double elevation = 100 + climbM * (d <= half ? d / half : (distanceM - d) / half);
      double[] p = Geo.offset(46.0, 14.5, d, 0);
      samples.add(
          Sample.newBuilder()
              .setTime(start.plusSeconds(t))
              .setLat(p[0])
              .setLon(p[1])
              .setElevationM(elevation)
              .build());
    }
    List<SampleBatch> batches = new ArrayList<>();
    for (int i = 0, seq = 0; i < samples.size(); i += 200, seq++) {
      batches.add(
          SampleBatch.newBuilder()
              .setAthleteId(athleteId)
              .setActivityId(activityId)
              .setSeq(seq)
              .setFinal$(i + 200 >= samples.size())
              .setSport(sport)
              .setSource("test")
              .setSamples(new ArrayList<>(samples.subList(i, Math.min(samples.size(), i + 200))))
              .build());
    }
    return batches;
  }

  /**
   * The record ingest sends for {@code batch} to {@code topic}: keyed by its athlete and stamped by
   * the producer when it is sent. Stamped with its run's own time (months before the test runs) it
   * would be past the topic's retention (the broker's 7 days), and the broker's retention check, 30
   * s after its start and then every 5 minutes, could delete it unread.
   */
  static ProducerRecord<String, SampleBatch> asIngestSends(String topic, SampleBatch batch) {
    return new ProducerRecord<>(topic, batch.getAthleteId(), batch);
  }

  private SyntheticRuns() {}
}
