package io.lakeward.benchmarks;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.Files;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * Local files through plain Java I/O, for every client and server in the benchmark
 * ({@code -Dbench.file-io=local}, the default).
 *
 * <p>Why not HadoopFileIO: without the native Hadoop library (not on this classpath), Hadoop's local
 * file system forks a {@code chmod} process for every file it creates, and a commit creates six
 * (manifest, manifest list, metadata file and a checksum file for each). Those forks then take most of a
 * commit's time on every path alike and hide what the catalogs cost.
 */
public class LocalFileIO implements FileIO {
  private Map<String, String> properties = Map.of();

  public LocalFileIO() {
  }

  @Override
  public void initialize(Map<String, String> catalogProperties) {
    this.properties = Map.copyOf(catalogProperties);
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public InputFile newInputFile(String location) {
    return Files.localInput(file(location));
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return Files.localOutput(file(location));
  }

  @Override
  public void deleteFile(String location) {
    File file = file(location);
    if (file.exists() && !file.delete()) {
      throw new RuntimeIOException("Cannot delete %s", location);
    }
  }

  /** Accepts file:/x, file:///x and plain /x, as Iceberg locations come in all three. */
  private static File file(String location) {
    if (location.startsWith("file:")) {
      return Path.of(URI.create(location)).toFile();
    }
    return new File(location);
  }
}
