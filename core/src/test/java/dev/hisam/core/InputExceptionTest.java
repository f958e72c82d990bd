package dev.hisam.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InputExceptionTest {
  @Test
  void messageNamesFileLineAndField() {
    InputException e = new InputException(Path.of("Beauty.txt"), 12, "item[3]", "not an integer");
    assertEquals("Beauty.txt:12: field 'item[3]': not an integer", e.getMessage());
    assertEquals(
        "x.tsv: empty file", InputException.ofFile(Path.of("x.tsv"), "empty file").getMessage());
  }
}
