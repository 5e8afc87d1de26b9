package io.backstride.schemas;

import java.util.Objects;
import java.util.Optional;

/**
 * The key of {@link Topics#ACTIVITY_SUMMARIES}: {@code athleteId:activityId}, one key per activity
 * so that compaction keeps its latest summary. Athlete ids never contain a colon (ingest refuses
 * them), so the first colon ends the athlete id; the activity id may contain colons of its own.
 */
public record ActivityKey(String athleteId, String activityId) {

  public ActivityKey {
    Objects.requireNonNull(athleteId, "athleteId");
    Objects.requireNonNull(activityId, "activityId");
  }

  public static ActivityKey of(String athleteId, String activityId) {
    return new ActivityKey(athleteId, activityId);
  }

  /**
   * The athlete and activity of a key; empty for anything not made by {@link #key()}: {@code null},
   * no colon, or nothing before or after the first colon.
   */
  public static Optional<ActivityKey> parse(String key) {
    if (key == null) {
      return Optional.empty();
    }
    int colon = key.indexOf(':');
    if (colon <= 0 || colon == key.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new ActivityKey(key.substring(0, colon), key.substring(colon + 1)));
  }

  /**
   * The athlete id of an activity key, or the whole key when it has no colon: the topics keyed by
   * athlete alone and those keyed by activity are partitioned alike by this.
   */
  public static String athleteOf(String key) {
    int colon = key.indexOf(':');
    return colon < 0 ? key : key.substring(0, colon);
  }

  /** This key as it is written to the topic. */
  public String key() {
    return athleteId + ":" + activityId;
  }
}
