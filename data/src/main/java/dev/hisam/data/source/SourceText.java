package dev.hisam.data.source;

import dev.hisam.core.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A whole source file decoded strictly: invalid bytes for the charset fail with the 1-based line
 * and the field they are in, never replaced silently.
 */
public final class SourceText {
  private SourceText() {}

  /** Names the field that holds byte {@code offset}; {@code lineStart} is its line's first byte. */
  @FunctionalInterface
  public interface FieldAt {
    String field(byte[] bytes, int lineStart, int offset);

    /** Fields separated by {@code separator}; column i (0-based) is named by {@code names}. */
    static FieldAt columns(char separator, IntFunction<String> names) {
      return (bytes, lineStart, offset) -> {
        int col = 0;
        for (int i = lineStart; i < offset; i++) {
          if (bytes[i] == separator) {
            col++;
          }
        }
        return names.apply(col);
      };
    }

    /** The JSON key whose value holds the offset (the nearest {@code "key":} before it). */
    static FieldAt jsonKey() {
      return (bytes, lineStart, offset) -> {
        for (int i = offset - 1; i > 0; i--) {
          if (bytes[i] == ':' && bytes[i - 1] == '"') {
            int end = i - 1;
            int start = end - 1;
            while (start >= 0 && bytes[start] != '"') {
              start--;
            }
            if (start >= 0) {
              return new String(bytes, start + 1, end - start - 1, StandardCharsets.ISO_8859_1);
            }
          }
        }
        return "JSON value";
      };
    }
  }

  /** Reads all bytes; a missing or unreadable file is an input error. */
  public static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw InputException.ofFile(file, "missing file");
    } catch (IOException e) {
      throw InputException.ofFile(file, "cannot read: " + e.getMessage());
    }
  }

  /** Reads and decodes a file; fails when it is missing, empty (blank) or not valid for cs. */
  public static String read(Path file, Charset cs, String firstField, FieldAt fieldAt) {
    byte[] bytes = readBytes(file);
    String text = decode(file, bytes, cs, fieldAt);
    if (text.isBlank()) {
      throw new InputException(file, 1, firstField, "empty file");
    }
    return text;
  }

  /** Decodes bytes strictly; the error names the line and the field of the first bad byte. */
  public static String decode(Path file, byte[] bytes, Charset cs, FieldAt fieldAt) {
    CharsetDecoder dec =
        cs.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out =
        CharBuffer.allocate((int) Math.ceil(bytes.length * (double) dec.maxCharsPerByte()) + 1);
    CoderResult r = dec.decode(in, out, true);
    if (!r.isError()) {
      r = dec.flush(out);
    }
    if (r.isError()) {
      int offset = in.position();
      long line = 1;
      int lineStart = 0;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw new InputException(
          file,
          line,
          fieldAt.field(bytes, lineStart, offset),
          String.format(
              "invalid %s: byte 0x%02X at column %d",
              cs.name(), bytes[offset] & 0xFF, offset - lineStart + 1));
    }
    out.flip();
    return out.toString();
  }

  /** Splits text into lines (LF or CRLF); a final line without a newline is kept. */
  public static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int n = text.length();
    while (start < n) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = n;
      }
      int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      lines.add(text.substring(start, stop));
      start = end + 1;
    }
    return lines;
  }
}
