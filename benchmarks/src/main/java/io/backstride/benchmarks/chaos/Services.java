package io.backstride.benchmarks.chaos;

/** The three backstride services under test, however they run: in this JVM or as processes. */
public interface Services extends AutoCloseable {
  String ingestUrl();

  @Override
  void close();
}
