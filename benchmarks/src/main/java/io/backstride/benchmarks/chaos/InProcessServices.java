package io.backstride.benchmarks.chaos;

import io.backstride.cli.Pipeline;
import java.util.Map;

/** The three services as threads of this JVM, started as {@code ./backstride demo} starts them. */
public final class InProcessServices implements Services {
  private final Pipeline pipeline;

  private InProcessServices(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  public static InProcessServices start(Map<String, String> env) {
    return new InProcessServices(Pipeline.start(env));
  }

  @Override
  public String ingestUrl() {
    return pipeline.ingestUrl();
  }

  public boolean healthy() {
    return pipeline.healthy();
  }

  @Override
  public void close() {
    pipeline.close();
  }
}
