package io.lakeward.benchmarks.maintenance;

import io.lakeward.benchmarks.LocalFileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * LocalFileIO whose files report the location they were opened with. Iceberg records a written file under its
 * {@code location()}, and Java's local files drop the {@code file:} scheme, so manifests and metadata files
 * would be recorded without it next to data files with it: a table whose paths mix the two forms, which no
 * writer produces. Iceberg and JDK classes only (the Spark JVM uses it too).
 */
final class LocationKeepingFileIO extends LocalFileIO {
  @Override
  public InputFile newInputFile(String location) {
    return new Input(super.newInputFile(location), location);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new Output(super.newOutputFile(location), location);
  }

  private record Input(InputFile file, String location) implements InputFile {
    @Override
    public long getLength() {
      return file.getLength();
    }

    @Override
    public SeekableInputStream newStream() {
      return file.newStream();
    }

    @Override
    public boolean exists() {
      return file.exists();
    }
  }

  private record Output(OutputFile file, String location) implements OutputFile {
    @Override
    public PositionOutputStream create() {
      return file.create();
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return file.createOrOverwrite();
    }

    @Override
    public InputFile toInputFile() {
      return new Input(file.toInputFile(), location);
    }
  }
}
