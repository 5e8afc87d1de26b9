package io.backstride.benchmarks;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The floor under any HTTP upload route: a bare Jetty server (the Jetty ingest runs on, without
 * Javalin, servlets or sessions) whose one handler reads the whole request body as a stream, as
 * ingest's routes do, and answers 202 with a JSON body the size of ingest's. Its threads' CPU per
 * request is what HTTP alone costs on this server, below which no route built on it can go.
 */
final class JettyFloor implements AutoCloseable {
  /** The floor server's threads, numbered from it, so that they are counted apart from ingest's. */
  static final String THREADS = "floor-http";

  /** About as long as ingest's answer to an upload (activity id, samples, batches). */
  private static final ByteBuffer ANSWER =
      ByteBuffer.wrap(
          ("{\"activityId\":\"0123456789abcdef0123456789abcdef\",\"format\":\"gpx\","
                  + "\"samples\":2600,\"batches\":13,\"bytes\":0}")
              .getBytes(StandardCharsets.UTF_8));

  /**
   * What a request does between reading its body and answering, given the request's path; none for
   * the bare floor. With the bare producer here, the floor is a whole route of the same shape as
   * ingest's: read, publish, wait for the acknowledgement, answer 202.
   */
  interface Work {
    void run(String path) throws Exception;
  }

  private static final Work NOTHING = path -> {};

  private final Server server;
  private final ReadAndAccept handler;

  private JettyFloor(Server server, ReadAndAccept handler) {
    this.server = server;
    this.handler = handler;
  }

  /** Makes every request do {@code work} after reading its body; {@code null} for nothing. */
  void work(Work work) {
    handler.work = work == null ? NOTHING : work;
  }

  /** Starts the floor server on a free port of the loopback interface. */
  static JettyFloor start() throws Exception {
    // the same pool shape as ingest's (8-250 threads)
    QueuedThreadPool pool = new QueuedThreadPool(250, 8);
    pool.setName(THREADS);
    Server server = new Server(pool);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ReadAndAccept handler = new ReadAndAccept();
    server.setHandler(handler);
    server.start();
    return new JettyFloor(server, handler);
  }

  int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** Reads the body to its end through a blocking stream, does its work, then answers 202. */
  private static final class ReadAndAccept extends Handler.Abstract {
    private volatile Work work = NOTHING;

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      long read = 0;
      byte[] buffer = new byte[8192];
      try (InputStream body = Request.asInputStream(request)) {
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
          read += n;
        }
      }
      if (read != request.getLength() && request.getLength() >= 0) {
        throw new IllegalStateException("read " + read + " of " + request.getLength() + " bytes");
      }
      work.run(request.getHttpURI().getPath());
      response.setStatus(202);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ANSWER.slice(), callback);
      return true;
    }
  }
}
