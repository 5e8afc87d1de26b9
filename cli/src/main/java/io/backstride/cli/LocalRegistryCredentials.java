package io.backstride.cli;

import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.platform.EnvValues;
import io.backstride.schemas.registry.RegistrySettings;
import java.util.Map;

/**
 * The services of {@code run} reach the local registry with the credentials it asks for: {@value
 * SchemaRegistryServer#BASIC_AUTH} becomes their {@value RegistrySettings#BASIC_AUTH_USER_INFO},
 * unless credentials of their own are set (which the registry then checks).
 */
final class LocalRegistryCredentials {
  private LocalRegistryCredentials() {}

  static void handTo(Map<String, String> pipelineEnv, Map<String, String> env) {
    String local = EnvValues.text(env, SchemaRegistryServer.BASIC_AUTH, null);
    boolean ownCredentials =
        EnvValues.text(env, RegistrySettings.BASIC_AUTH_USER_INFO, null) != null
            || EnvValues.text(env, RegistrySettings.BEARER_AUTH_TOKEN, null) != null;
    if (local != null && !ownCredentials) {
      pipelineEnv.put(RegistrySettings.BASIC_AUTH_USER_INFO, local);
    }
  }
}
