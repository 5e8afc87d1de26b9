package io.backstride.ingest.http;

/**
 * The body of every error response.
 *
 * @param error a stable, machine-readable code ({@code invalid_activity}, {@code unavailable}...)
 * @param detail one line for a human: what is wrong and, for a file, where
 */
public record ErrorBody(String error, String detail) {}
