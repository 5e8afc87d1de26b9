package io.backstride.schemas.registry;

/**
 * The registry answered 401 or 403: the client's credentials are missing, wrong or not allowed. A
 * setting to fix, not a fault to retry; the message is one line naming the registry and the status,
 * never the credentials.
 */
public final class SchemaRegistryAuthenticationException extends SchemaRegistryException {
  SchemaRegistryAuthenticationException(String baseUrl, int httpStatus, boolean withCredentials) {
    super(message(baseUrl, httpStatus, withCredentials), httpStatus, httpStatus);
  }

  private static String message(String baseUrl, int httpStatus, boolean withCredentials) {
    if (withCredentials) {
      return "schema registry at " + baseUrl + " refused the credentials (" + httpStatus + ")";
    }
    return "schema registry at "
        + baseUrl
        + " asks for credentials ("
        + httpStatus
        + ") and none are set: see "
        + RegistrySettings.BASIC_AUTH_USER_INFO
        + " or "
        + RegistrySettings.BEARER_AUTH_TOKEN;
  }
}
