package io.backstride.localstack;

import static io.backstride.localstack.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.localstack.RegistryHttp.Answer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole local stack starts, serves, stops, and comes back from its data directory with its
 * schemas. It runs its own broker: restarting on a directory is what is tested.
 */
class LocalStackIT {
  private static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"Stride\",\"namespace\":\"io.backstride.test\","
          + "\"fields\":[{\"name\":\"cadenceSpm\",\"type\":\"double\"}]}";

  @Test
  void startsBrokerRegistryAndSmtpSinkAndKeepsSchemasInItsDataDirectory(@TempDir Path dataDir)
      throws Exception {
    int id;
    try (LocalStack stack = LocalStack.start(dataDir)) {
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
        assertThat(admin.describeCluster().nodes().get()).hasSize(1);
      }
      try (Socket smtp = new Socket()) {
        smtp.connect(new InetSocketAddress(stack.smtpSink().host(), stack.smtpSink().port()), 2000);
        assertThat(smtp.isConnected()).isTrue();
      }
      RegistryHttp http = new RegistryHttp(stack.registryUrl());
      id =
          http.post("/subjects/stride-value/versions", schemaBody(SCHEMA))
              .json()
              .path("id")
              .asInt();
      assertThat(stack.registry().url()).isEqualTo(stack.registryUrl());
      assertThat(stack.broker().dataDir()).isEqualTo(dataDir.resolve("kafka"));
    }
    assertThat(Files.exists(dataDir.resolve("kafka"))).isTrue();

    try (LocalStack again = LocalStack.start(dataDir)) {
      RegistryHttp http = new RegistryHttp(again.registryUrl());
      assertThat(http.get("/subjects/stride-value/versions/latest").json().path("id").asInt())
          .isEqualTo(id);
    }
  }

  @Test
  void aStackReturnedBeforeItsRegistryHasReadItsStoreAnswersARegistrationAtOnce(
      @TempDir Path dataDir) throws Exception {
    int id;
    try (LocalStack stack = LocalStack.start(dataDir)) {
      id =
          new RegistryHttp(stack.registryUrl())
              .post("/subjects/stride-value/versions", schemaBody(SCHEMA))
              .json()
              .path("id")
              .asInt();
    }
    try (LocalStack again = LocalStack.startReadingRegistry(dataDir, 0, "127.0.0.1", 0, null, 0)) {
      // the first request, made as soon as the broker is up, waits for the read instead of a 503
      Answer registered =
          new RegistryHttp(again.registryUrl())
              .post("/subjects/stride-value/versions", schemaBody(SCHEMA));
      assertThat(registered.status()).isEqualTo(200);
      assertThat(registered.json().path("id").asInt()).isEqualTo(id);
      assertThat(again.awaitRegistry()).isPositive();
    }
  }

  @Test
  void anSmtpPortTakenFailsTheStartAndLeavesNoBrokerOnTheDataDirectory(@TempDir Path dataDir)
      throws Exception {
    // the sink starts beside the broker: its failure must still close the broker it ran beside
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> LocalStack.start(dataDir, 0, 0, taken.getLocalPort()))
          .isInstanceOf(RuntimeException.class);
    }
    // a broker left running would still hold the lock on its log directory
    try (LocalStack again = LocalStack.start(dataDir)) {
      assertThat(again.broker().dataDir()).isEqualTo(dataDir.resolve("kafka"));
    }
  }

  @Test
  void aRegistryPortTakenFailsTheStartAndLeavesNoBrokerOnTheDataDirectory(@TempDir Path dataDir)
      throws Exception {
    // the registry's HTTP server, too, starts beside the broker
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> LocalStack.start(dataDir, taken.getLocalPort(), 0))
          .isInstanceOf(RuntimeException.class);
    }
    try (LocalStack again = LocalStack.start(dataDir)) {
      assertThat(again.broker().dataDir()).isEqualTo(dataDir.resolve("kafka"));
    }
  }
}
