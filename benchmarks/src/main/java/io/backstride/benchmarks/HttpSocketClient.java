package io.backstride.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * POSTs written straight to a socket: HTTP/1.1 with keep-alive, the body of declared length, the
 * status line, headers and answer read back. No selector thread and no pool, so that a harness
 * measuring a server in the same JVM adds as little CPU of its own as a client can; the server
 * cannot tell it from any other client. One connection, for one caller at a time.
 */
final class HttpSocketClient implements AutoCloseable {
  /** A status code and the answer's body. */
  record Answer(int status, String body) {}

  private final String host;
  private final int port;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  HttpSocketClient(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** Posts {@code body} to {@code path} as {@code contentType} and reads the whole answer. */
  Answer post(String path, String contentType, byte[] body) throws IOException {
    if (socket == null) {
      socket = new Socket(host, port);
      socket.setTcpNoDelay(true);
      out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      in = new BufferedInputStream(socket.getInputStream());
    }
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + ":"
            + port
            + "\r\nContent-Type: "
            + contentType
            + "\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    String status = line();
    int length = -1;
    boolean close = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      String name = header.substring(0, Math.max(colon, 0)).strip().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).strip();
      switch (name) {
        case "content-length" -> length = Integer.parseInt(value);
        case "transfer-encoding" ->
            throw new IllegalStateException("unexpected Transfer-Encoding: " + value);
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> {
          // not needed to read the answer
        }
      }
    }
    if (length < 0) {
      throw new IllegalStateException("answer without Content-Length: " + status);
    }
    String answer = new String(in.readNBytes(length), StandardCharsets.UTF_8);
    if (close) {
      close();
    }
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].equals("HTTP/1.1")) {
      throw new IllegalStateException("not an HTTP/1.1 status line: " + status);
    }
    return new Answer(Integer.parseInt(parts[1]), answer);
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed in the middle of an answer");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
