package io.lakeward.benchmarks.maintenance;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.FileIO;

/**
 * Table operations whose pointer to the current metadata file is a small text file outside the table's
 * location, so that both contestants (Lakeward's maintainers in one JVM, Iceberg's Spark actions in another)
 * open and commit the same table without a catalog, and neither orphan cleaner ever sees the pointer.
 *
 * <p>The pointer is replaced by an atomic rename, never rewritten in place: the contestants' copies of the
 * table are hard-link copies, and writing into a shared inode would change every copy at once. Only Iceberg
 * and JDK classes are used: the Spark JVM has no others.
 */
final class PointerTableOperations extends BaseMetastoreTableOperations {
  private final String name;
  private final Path pointer;
  private final FileIO io;

  PointerTableOperations(String name, Path pointer, FileIO io) {
    this.name = requireNonNull(name, "name is null");
    this.pointer = requireNonNull(pointer, "pointer is null");
    this.io = requireNonNull(io, "io is null");
  }

  @Override
  protected String tableName() {
    return name;
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  protected void doRefresh() {
    refreshFromMetadataLocation(Files.exists(pointer) ? read() : null);
  }

  @Override
  protected void doCommit(TableMetadata base, TableMetadata metadata) {
    String expected = base == null ? null : base.metadataFileLocation();
    String actual = Files.exists(pointer) ? read() : null;
    if (expected == null ? actual != null : !expected.equals(actual)) {
      throw new CommitFailedException("Cannot commit %s: based on %s, but the current metadata is %s", name,
          expected, actual);
    }
    String location = writeNewMetadataIfRequired(base == null, metadata);
    try {
      Path temp = pointer.resolveSibling(pointer.getFileName() + ".next");
      Files.writeString(temp, location, StandardCharsets.UTF_8);
      Files.move(temp, pointer, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move the pointer of " + name + " to " + location, e);
    }
  }

  private String read() {
    try {
      return Files.readString(pointer, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + pointer, e);
    }
  }
}
