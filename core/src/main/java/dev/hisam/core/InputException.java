package dev.hisam.core;

import java.nio.file.Path;

/**
 * Bad input: names the file, the 1-based line (0 when the fault is not on one line) and the field
 * at fault. The CLI prints {@link #getMessage()} and exits with status 2.
 */
public final class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;
  private final String field;

  public InputException(Path file, long line, String field, String problem) {
    this(file == null ? "<input>" : file.toString(), line, field, problem, null);
  }

  public InputException(String file, long line, String field, String problem, Throwable cause) {
    super(format(file, line, field, problem), cause);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  /** A problem with the whole file (missing, empty, unreadable): no line, no field. */
  public static InputException ofFile(Path file, String problem) {
    return new InputException(file, 0, null, problem);
  }

  private static String format(String file, long line, String field, String problem) {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    if (field != null) {
      sb.append(": field '").append(field).append('\'');
    }
    return sb.append(": ").append(problem).toString();
  }

  public String file() {
    return file;
  }

  public long line() {
    return line;
  }

  public String field() {
    return field;
  }
}
