package io.backstride.platform.observe;

import io.backstride.platform.KafkaConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether Kafka answers: an admin client asks {@code describeCluster} every {@code interval} and
 * the readiness check ({@link #problem()}) is fine only while the last answer came and came within
 * {@code maxAge} ({@link RecentSuccess}). A broker that is gone turns the check within one interval
 * plus the request timeout. The answer does not depend on whether the service happened to send
 * anything lately, as a producer's connection count would.
 */
public final class KafkaReachability implements AutoCloseable {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(30);

  private final AdminClient admin;
  private final Duration interval;
  private final Clock clock;
  private final RecentSuccess answers;
  private final ScheduledExecutorService probes;
  private volatile String clusterId;

  private KafkaReachability(
      AdminClient admin, Duration interval, Duration maxAge, Clock clock, String service) {
    this.admin = admin;
    this.interval = interval;
    this.clock = clock;
    this.answers = new RecentSuccess("Kafka (describeCluster)", maxAge);
    this.probes =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, service + "-kafka-probe");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts probing with the defaults (every 5 s, fine for 30 s).
   *
   * @param kafka how the service reaches Kafka (bootstrap servers and the deployment's client
   *     properties: security); the request timeouts are set here
   */
  public static KafkaReachability start(String service, KafkaConnection kafka) {
    return start(service, kafka, DEFAULT_INTERVAL, DEFAULT_MAX_AGE);
  }

  public static KafkaReachability start(
      String service, KafkaConnection kafka, Duration interval, Duration maxAge) {
    Properties config = kafka.adminProperties();
    config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, service + "-health");
    // an answer slower than the interval is no answer: the next probe asks again
    int timeoutMs = (int) Math.max(1_000, interval.toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    KafkaReachability probe =
        new KafkaReachability(
            AdminClient.create(config), interval, maxAge, Clock.systemUTC(), service);
    probe.probes.scheduleWithFixedDelay(
        probe::probeOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return probe;
  }

  private void probeOnce() {
    try {
      clusterId =
          admin
              .describeCluster(
                  new DescribeClusterOptions()
                      .timeoutMs((int) Math.max(1_000, interval.toMillis())))
              .clusterId()
              .get(interval.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      answers.success(clock.instant());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      answers.failure(
          clock.instant(), cause.getClass().getSimpleName() + ": " + cause.getMessage());
    } catch (TimeoutException e) {
      answers.failure(clock.instant(), "no answer within " + (interval.toMillis() + 1_000) + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      answers.failure(clock.instant(), e.toString());
    }
  }

  /** Empty while Kafka answers; else why not, in one line. */
  public Optional<String> problem() {
    return answers.problem(clock.instant());
  }

  /** The cluster id of the last answer, once there was one. */
  public Optional<String> clusterId() {
    return Optional.ofNullable(clusterId);
  }

  /** The admin client, for its metrics ({@link ServiceMetrics#bind(AdminClient)}). */
  public AdminClient admin() {
    return admin;
  }

  /** Registers the check as {@code kafka} (readiness). */
  public Health registerIn(Health health) {
    return health.ready("kafka", this::problem);
  }

  @Override
  public void close() {
    probes.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
