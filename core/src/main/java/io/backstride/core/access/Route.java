package io.backstride.core.access;

/**
 * A route of one of backstride's HTTP APIs: method and path template, as its OpenAPI document lists
 * it. Both APIs use it to tell an unknown path (404) from a known one asked with another method
 * (405 with {@code Allow}).
 */
public record Route(String method, String path) {
  /** Whether {@code requestPath} is this route's path, each {@code {param}} one segment. */
  public boolean matches(String requestPath) {
    String[] template = path.split("/", -1);
    String[] actual = requestPath.split("/", -1);
    if (template.length != actual.length) {
      return false;
    }
    for (int i = 0; i < template.length; i++) {
      boolean param = template[i].startsWith("{") && template[i].endsWith("}");
      if (param ? actual[i].isEmpty() : !template[i].equals(actual[i])) {
        return false;
      }
    }
    return true;
  }
}
