package io.backstride.alerts.notify;

import io.backstride.platform.observe.RecentSuccess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether the SMTP server answered recently: a {@link Notifier} in front of the real one that
 * records how each send went, and a probe ({@link Notifier#probe()}: connect, EHLO, NOOP) every
 * {@code probeEvery} when no send has succeeded since the last one, or the last contact failed. So
 * an idle notifier stays ready while the server answers, a failing server makes it not ready at the
 * next send or probe, and a send refused for one address only (a 550) is set right by the probe
 * that follows. Ready while the last contact succeeded within {@code maxAge} ({@link
 * RecentSuccess}).
 */
public final class SmtpHealth implements Notifier, AutoCloseable {
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
  public static final Duration DEFAULT_PROBE_EVERY = Duration.ofSeconds(30);

  private final Notifier server;
  private final Duration probeEvery;
  private final Clock clock;
  private final RecentSuccess answers;
  private final ScheduledExecutorService probes =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "alerts-smtp-probe");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean lastFailed;

  public SmtpHealth(Notifier server, Duration maxAge, Duration probeEvery, Clock clock) {
    this.server = server;
    this.probeEvery = probeEvery;
    this.clock = clock;
    this.answers = new RecentSuccess("SMTP", maxAge);
  }

  /** Probes now, and from then on as often as needed. */
  public SmtpHealth start() {
    probes.scheduleWithFixedDelay(
        this::probeIfQuiet, 0, probeEvery.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public void send(Email email) throws NotificationException {
    try {
      server.send(email);
      lastFailed = false;
      answers.success(clock.instant());
    } catch (NotificationException e) {
      lastFailed = true;
      answers.failure(clock.instant(), e.getMessage());
      throw e;
    }
  }

  @Override
  public void probe() throws NotificationException {
    try {
      server.probe();
      lastFailed = false;
      answers.success(clock.instant());
    } catch (NotificationException | RuntimeException e) {
      lastFailed = true;
      answers.failure(clock.instant(), e.getMessage());
      throw e;
    }
  }

  private void probeIfQuiet() {
    Instant now = clock.instant();
    boolean quiet = answers.lastSuccess().map(t -> t.plus(probeEvery).isBefore(now)).orElse(true);
    if (quiet || lastFailed) {
      try {
        probe();
      } catch (NotificationException | RuntimeException e) {
        // recorded: the readiness check says why
      }
    }
  }

  /** Empty while the server answered recently; else why not, in one line. */
  public Optional<String> problem() {
    return answers.problem(clock.instant());
  }

  /** Stops probing, then closes the server's notifier (its kept connection). */
  @Override
  public void close() {
    probes.shutdownNow();
    server.close();
  }
}
