package dev.hisam.cli;

import dev.hisam.data.DatasetKind;
import picocli.CommandLine;

/** Parses {@code --dataset} with the data module's names and error message. */
final class DatasetKindConverter implements CommandLine.ITypeConverter<DatasetKind> {
  @Override
  public DatasetKind convert(String value) {
    try {
      return DatasetKind.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
