package io.backstride.platform;

import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.registry.SchemaRegistrationException;
import io.backstride.schemas.registry.SchemaRegistryClient;
import io.backstride.schemas.registry.TopicSchemas;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * What the services' {@code main} methods share: start from the {@code BACKSTRIDE_*} environment,
 * say in one line why a start was refused, and close the service when the JVM is stopped.
 */
public final class ServiceMain {
  private ServiceMain() {}

  /** Starts a service from the environment; throws what made the start fail. */
  @FunctionalInterface
  public interface Start<S extends AutoCloseable> {
    S start(Map<String, String> env);
  }

  /** How every service starts once its settings are read. */
  @FunctionalInterface
  public interface ConfiguredStart<C, S extends AutoCloseable> {
    /**
     * @param autoRegisterSchemas whether the producers may register schemas themselves ({@value
     *     TopicSchemas#AUTO_REGISTER})
     */
    S start(C config, SchemaRegistryClient registry, boolean autoRegisterSchemas);
  }

  /**
   * The start of a service's {@code main}: its config from the environment, a registry client at
   * the URL that config names (with the environment's credentials), and {@value
   * TopicSchemas#AUTO_REGISTER} from the environment.
   */
  public static <C, S extends AutoCloseable> Start<S> fromEnv(
      Function<Map<String, String>, C> config,
      Function<C, String> registryUrl,
      ConfiguredStart<C, S> start) {
    return env -> {
      C settings = config.apply(env);
      return start.start(
          settings,
          RestSchemaRegistryClient.fromEnv(registryUrl.apply(settings), env),
          TopicSchemas.autoRegister(env));
    };
  }

  /**
   * Starts the service, or writes one line to {@code err} naming why not: a setting that does not
   * parse names its variable, a refused schema its subject, refused Kafka credentials the cluster.
   * Anything else is a fault, not a setting, and is thrown with its stack trace.
   */
  public static <S extends AutoCloseable> Optional<S> start(
      String name, Map<String, String> env, Start<S> start, PrintStream err) {
    try {
      return Optional.of(start.start(env));
    } catch (SchemaRegistrationException
        | IllegalArgumentException
        | KafkaConnection.RefusedException e) {
      // one line says it all: which setting or subject, and why; a stack trace would bury it
      err.println(name + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Runs the service until the JVM is stopped, then closes it; exits with 2 when it could not start
   * for a reason {@link #start} names.
   */
  public static <S extends AutoCloseable> void run(String name, Start<S> start)
      throws InterruptedException {
    Optional<S> started = start(name, System.getenv(), start, System.err);
    if (started.isEmpty()) {
      System.exit(2);
      return;
    }
    S service = started.get();
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    service.close();
                  } catch (Exception e) {
                    System.err.println(name + ": closing failed: " + e.getMessage());
                  } finally {
                    closed.countDown();
                  }
                },
                name + "-shutdown"));
    closed.await();
  }
}
