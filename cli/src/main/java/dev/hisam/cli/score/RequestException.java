package dev.hisam.cli.score;

/** A request that cannot be scored, with the request field at fault (e.g. {@code history[3]}). */
public final class RequestException extends RuntimeException {
  private final String field;
  private final String problem;

  public RequestException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** What is wrong, without the field. */
  public String problem() {
    return problem;
  }

  public String field() {
    return field;
  }
}
