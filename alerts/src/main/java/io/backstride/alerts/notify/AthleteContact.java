package io.backstride.alerts.notify;

import java.util.Optional;

/**
 * What the notifier knows of an athlete from the profile topic: where to write and how.
 *
 * @param metric true for kilometres and metres, false for miles and feet
 * @param timeZone the athlete's zone id: "today" for the freshness check is the athlete's today
 */
public record AthleteContact(
    String athleteId,
    Optional<String> email,
    String name,
    boolean metric,
    boolean notificationsOn,
    String timeZone) {

  public AthleteContact(
      String athleteId,
      Optional<String> email,
      String name,
      boolean metric,
      boolean notificationsOn) {
    this(athleteId, email, name, metric, notificationsOn, "UTC");
  }

  public boolean reachable() {
    return notificationsOn && email.isPresent();
  }
}
