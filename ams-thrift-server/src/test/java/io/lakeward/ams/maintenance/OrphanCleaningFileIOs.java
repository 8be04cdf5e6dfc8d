package io.lakeward.ams.maintenance;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Test-only FileIOs that inject one fault or limitation into real Hadoop file access, and a way to
 * hand a maintainer a real table that uses one of them.
 */
final class OrphanCleaningFileIOs {
  private OrphanCleaningFileIOs() {}

  /** The same table (same catalog, same commits) seen through another FileIO. */
  static Table withIo(Table table, FileIO io) {
    TableOperations real = ((HasTableOperations) table).operations();
    return new BaseTable(new TableOperations() {
      @Override
      public TableMetadata current() {
        return real.current();
      }

      @Override
      public TableMetadata refresh() {
        return real.refresh();
      }

      @Override
      public void commit(TableMetadata base, TableMetadata metadata) {
        real.commit(base, metadata);
      }

      @Override
      public FileIO io() {
        return io;
      }

      @Override
      public EncryptionManager encryption() {
        return real.encryption();
      }

      @Override
      public String metadataFileLocation(String fileName) {
        return real.metadataFileLocation(fileName);
      }

      @Override
      public LocationProvider locationProvider() {
        return real.locationProvider();
      }
    }, table.name());
  }

  /** File access without prefix listing or bulk deletes, like a minimal custom FileIO. */
  static class Plain implements FileIO {
    final HadoopFileIO hadoop = new HadoopFileIO(new Configuration());

    @Override
    public InputFile newInputFile(String path) {
      return hadoop.newInputFile(path);
    }

    @Override
    public OutputFile newOutputFile(String path) {
      return hadoop.newOutputFile(path);
    }

    @Override
    public void deleteFile(String path) {
      hadoop.deleteFile(path);
    }
  }

  /**
   * Lists through Hadoop, but once the listing below {@code hookedRoot} has returned its first file,
   * runs the hook (which commits a new file to the table) and returns the file the hook reports as
   * the next listed one: a commit landing in the middle of a listing, made deterministic.
   */
  static final class ListingHook extends Plain implements SupportsPrefixOperations, SupportsBulkOperations {
    private final String hookedRoot;
    private final Supplier<FileInfo> hook;
    private final AtomicBoolean fired = new AtomicBoolean();

    ListingHook(String hookedRoot, Supplier<FileInfo> hook) {
      this.hookedRoot = StoragePaths.key(hookedRoot);
      this.hook = hook;
    }

    boolean fired() {
      return fired.get();
    }

    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
      Iterable<FileInfo> listing = hadoop.listPrefix(prefix);
      if (!StoragePaths.key(prefix).equals(hookedRoot)) {
        return listing;
      }
      return () -> new Iterator<>() {
        private final Iterator<FileInfo> real = listing.iterator();
        private final Deque<FileInfo> injected = new ArrayDeque<>();
        private int returned;

        @Override
        public boolean hasNext() {
          if (returned == 1 && fired.compareAndSet(false, true)) {
            injected.add(hook.get());
          }
          return !injected.isEmpty() || real.hasNext();
        }

        @Override
        public FileInfo next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          returned++;
          return injected.isEmpty() ? real.next() : injected.poll();
        }
      };
    }

    @Override
    public void deletePrefix(String prefix) {
      throw new UnsupportedOperationException("Orphan cleaning never deletes whole prefixes");
    }

    @Override
    public void deleteFiles(Iterable<String> paths) {
      hadoop.deleteFiles(paths);
    }
  }
}
