package io.backstride.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Static group membership for the consumer groups of backstride (the two Streams applications and
 * the notifier). A consumer that comes back with the {@code group.instance.id} it had takes its old
 * place in the group at once; without one, a restart after a crash (kill -9, out of memory, a lost
 * container) waits for the dead member's session to time out before the group rebalances.
 *
 * <p>The id must be stable per instance and unique between instances, which is what an instance's
 * state directory already is (Kafka Streams locks it, two instances cannot share one): the id is a
 * random one kept in a file there, made on first start. A new, empty state directory is a new
 * instance.
 */
public final class StaticMembership {
  /**
   * How long a member may be silent before the group gives its partitions to the others. With
   * static membership this is also how long a restart may take without a rebalance: Kafka's default
   * (45 s) covers a restart (seconds) with room, and still moves the partitions of an instance that
   * is gone for good within a minute.
   */
  public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(45);

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  private StaticMembership() {}

  /**
   * The {@code group.instance.id} of this instance in {@code group}: read from {@code
   * stateDir/<group>.instance-id}, or made and written there on first use.
   *
   * @throws UncheckedIOException when the file can be neither read nor written
   */
  public static String instanceId(Path stateDir, String group) {
    Path file = stateDir.resolve(group + ".instance-id");
    try {
      if (Files.exists(file)) {
        String id = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (ID.matcher(id).matches()) {
          return id;
        }
        // a damaged file: a new id costs one rebalance after the session timeout, nothing more
      }
      String id = group + "-" + UUID.randomUUID().toString().substring(0, 8);
      Files.createDirectories(stateDir);
      Path tmp = Files.createTempFile(stateDir, group, ".tmp");
      Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the group instance id in " + file, e);
    }
  }

  /**
   * Adds {@code group.instance.id} and, unless the deployment set one ({@code
   * BACKSTRIDE_KAFKA_SESSION_TIMEOUT_MS}, the client properties file), the session timeout to
   * consumer (or Kafka Streams) settings; Kafka Streams gives each of its stream threads the id
   * with {@code -<thread number>} appended.
   */
  public static Properties apply(Properties config, String instanceId) {
    config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
    // how long failover waits after a crash is the deployment's choice (BENCHMARKS.md, failover)
    config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
    return config;
  }
}
