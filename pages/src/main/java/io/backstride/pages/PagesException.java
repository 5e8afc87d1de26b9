package io.backstride.pages;

/** A service behind the pages did not answer as it should: a 503 page naming it. */
final class PagesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PagesException(String message, Throwable cause) {
    super(message, cause);
  }
}
