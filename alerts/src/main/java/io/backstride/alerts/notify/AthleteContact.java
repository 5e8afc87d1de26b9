package io.backstride.alerts.notify;

import java.util.Optional;

/**
 * What the notifier knows of an athlete from the profile topic: where to write and how.
 *
 * @param metric true for kilometres and metres, false for miles and feet
 */
public record AthleteContact(
    String athleteId,
    Optional<String> email,
    String name,
    boolean metric,
    boolean notificationsOn) {

  public boolean reachable() {
    return notificationsOn && email.isPresent();
  }
}
