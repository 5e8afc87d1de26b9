package io.backstride.ingest.xml;

import java.util.Arrays;
import java.util.Objects;
import org.codehaus.stax2.typed.TypedValueDecoder;

/**
 * The text of one value (a number, a time), reused from value to value of a read: the parser's
 * characters are copied in as they are, with none of a {@code StringBuilder}'s per-character
 * checks, and numbers are read straight off its array, so a track point's values cost no string
 * each. Valid until the next value is read into it.
 */
public final class TextBuffer implements CharSequence {
  private char[] chars = new char[32];
  private int length;

  /**
   * Copies an attribute value into this buffer: Aalto hands its typed decoders the characters of
   * the value in its own buffer, where {@code getAttributeValue} would build strings.
   */
  private final TypedValueDecoder attributeCopier =
      new TypedValueDecoder() {
        @Override
        public void decode(String value) {
          set(value);
        }

        @Override
        public void decode(char[] buffer, int start, int end) {
          clear();
          append(buffer, start, end - start);
        }

        @Override
        public void handleEmptyValue() {
          clear();
        }
      };

  /** Empties the buffer. */
  public void clear() {
    length = 0;
  }

  /** Appends {@code count} characters of {@code source} from {@code start}. */
  public void append(char[] source, int start, int count) {
    if (length + count > chars.length) {
      chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + count));
    }
    System.arraycopy(source, start, chars, length, count);
    length += count;
  }

  /** Replaces the content with {@code text}. */
  public void set(String text) {
    int n = text.length();
    if (n > chars.length) {
      chars = new char[Math.max(chars.length * 2, n)];
    }
    text.getChars(0, n, chars, 0);
    length = n;
  }

  /** The backing array; its characters from 0 to {@link #length()} are the text. */
  char[] array() {
    return chars;
  }

  /** The decoder that copies the value it is given into this buffer. */
  TypedValueDecoder attributeCopier() {
    return attributeCopier;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    return chars[Objects.checkIndex(index, length)];
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    Objects.checkFromToIndex(start, end, length);
    return new String(chars, start, end - start);
  }

  @Override
  public String toString() {
    return new String(chars, 0, length);
  }
}
