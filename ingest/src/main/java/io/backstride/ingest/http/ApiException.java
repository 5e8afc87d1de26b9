package io.backstride.ingest.http;

import java.util.Map;

/**
 * A request answered with an error: the status, the {@link ErrorBody} and any extra headers.
 * Handlers throw it; one exception handler writes it, so every error has the same shape.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final transient Map<String, String> headers;

  public ApiException(int status, String error, String detail) {
    this(status, error, detail, Map.of());
  }

  public ApiException(int status, String error, String detail, Map<String, String> headers) {
    super(detail);
    this.status = status;
    this.error = error;
    this.headers = Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  public ErrorBody body() {
    return new ErrorBody(error, getMessage());
  }

  public Map<String, String> headers() {
    return headers;
  }
}
