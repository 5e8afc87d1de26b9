package io.backstride.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Real sample files from the test resources, gzip for any bytes, and a stream that fails. */
public final class TestFiles {

  /** A file of {@code src/test/resources/samples}. */
  public static byte[] sample(String name) {
    try (InputStream in = TestFiles.class.getResourceAsStream("/samples/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A stream whose every read fails with {@code message}, as a connection reset would. */
  public static InputStream failing(String message) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException(message);
      }
    };
  }

  private TestFiles() {}
}
