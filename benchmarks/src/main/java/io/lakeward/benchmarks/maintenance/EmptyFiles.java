package io.lakeward.benchmarks.maintenance;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates the generated table's data files and orphans on disk: empty files (neither maintainer reads a data
 * file) whose modification time is when they were written in the table's history, since an orphan cleaner
 * only considers files older than its minimum age. Two threads create them while the generator writes
 * metadata; at most a bounded number of batches wait, so memory stays flat.
 */
final class EmptyFiles implements AutoCloseable {
  private final ExecutorService pool = Executors.newFixedThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "empty-files");
    thread.setDaemon(true);
    return thread;
  });
  private final Semaphore waiting = new Semaphore(256);
  /** Folders known to exist; computeIfAbsent makes the other thread wait while one creates a folder. */
  private final Map<Path, Boolean> folders = new ConcurrentHashMap<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /** Creates {@code files} (in the background) with modification time {@code mtimeMillis}. */
  void create(List<Path> files, long mtimeMillis) {
    check();
    waiting.acquireUninterruptibly();
    pool.execute(() -> {
      try {
        for (Path file : files) {
          createOne(file, mtimeMillis);
        }
      } catch (IOException | RuntimeException e) {
        failure.compareAndSet(null, e);
      } finally {
        waiting.release();
      }
    });
  }

  /** Sets the modification time of a file written in the foreground (a manifest, a manifest list). */
  static void touch(Path file, long mtimeMillis) {
    if (!file.toFile().setLastModified(mtimeMillis)) {
      throw new UncheckedIOException(new IOException("Cannot set the modification time of " + file));
    }
  }

  private void createOne(Path file, long mtimeMillis) throws IOException {
    folders.computeIfAbsent(file.getParent(), folder -> {
      try {
        Files.createDirectories(folder);
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create " + folder, e);
      }
    });
    File plain = file.toFile();
    if (!plain.createNewFile()) {
      throw new IOException("Cannot create " + file + ": it exists");
    }
    if (!plain.setLastModified(mtimeMillis)) {
      throw new IOException("Cannot set the modification time of " + file);
    }
  }

  private void check() {
    Throwable e = failure.get();
    if (e != null) {
      throw new IllegalStateException("Cannot create the table's files: " + e.getMessage(), e);
    }
  }

  /** Waits until every file exists. */
  @Override
  public void close() throws InterruptedException {
    pool.shutdown();
    if (!pool.awaitTermination(1, TimeUnit.HOURS)) {
      throw new IllegalStateException("Creating the table's files took over an hour");
    }
    check();
  }
}
