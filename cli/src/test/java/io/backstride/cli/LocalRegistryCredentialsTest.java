package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.schemas.registry.RegistrySettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalRegistryCredentialsTest {

  @Test
  void theServicesGetTheLocalRegistrysCredentials() {
    Map<String, String> env = Map.of(SchemaRegistryServer.BASIC_AUTH, "local:pw-1");
    Map<String, String> pipelineEnv = new HashMap<>(env);

    LocalRegistryCredentials.handTo(pipelineEnv, env);

    assertThat(pipelineEnv).containsEntry(RegistrySettings.BASIC_AUTH_USER_INFO, "local:pw-1");
  }

  @Test
  void credentialsOfTheirOwnAreKeptForTheRegistryToCheck() {
    Map<String, String> env =
        Map.of(
            SchemaRegistryServer.BASIC_AUTH, "local:pw-1",
            RegistrySettings.BASIC_AUTH_USER_INFO, "svc:pw-2");
    Map<String, String> pipelineEnv = new HashMap<>(env);

    LocalRegistryCredentials.handTo(pipelineEnv, env);

    assertThat(pipelineEnv).containsEntry(RegistrySettings.BASIC_AUTH_USER_INFO, "svc:pw-2");
  }

  @Test
  void withoutLocalCredentialsNothingIsAdded() {
    Map<String, String> pipelineEnv = new HashMap<>();

    LocalRegistryCredentials.handTo(pipelineEnv, Map.of());

    assertThat(pipelineEnv).isEmpty();
  }
}
