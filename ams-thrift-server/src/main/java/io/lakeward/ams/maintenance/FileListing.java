package io.lakeward.ams.maintenance;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.ResolvingFileIO;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists every file below a location, one at a time (never the whole listing in memory): through
 * the table's FileIO when it can list prefixes (S3, GCS, ADLS), else through the Hadoop FileSystem
 * of the location with the FileIO's Hadoop configuration, which is also what Iceberg's Hadoop-based
 * FileIOs do underneath.
 *
 * <p>A Hadoop local file system is walked with java.nio instead: Hadoop's recursive listing of
 * local files reads each file's permissions, which without Hadoop's native library starts a shell
 * process per file (hours for a million files). Symbolic links are not followed and never listed.
 *
 * <p>A location that does not exist (a table without data yet) lists as empty. When a directory
 * vanishes in the middle of a listing the listing ends there: fewer files seen only means fewer
 * deleted.
 */
final class FileListing {
  private static final Logger LOG = LoggerFactory.getLogger(FileListing.class);

  private FileListing() {}

  /** The files below root, listed as the iterator is advanced; the caller closes it. */
  static Listing open(FileIO io, String root) {
    if (io instanceof SupportsPrefixOperations prefixes && !hadoopBacked(io, root)) {
      // The trailing slash keeps an object store from matching siblings: t/data must not list t/data2.
      return new Listing(root, () -> prefixes.listPrefix(root + "/").iterator());
    }
    Configuration conf = io instanceof Configurable configurable && configurable.getConf() != null
        ? configurable.getConf() : new Configuration();
    return new Listing(root, () -> hadoopListing(new Path(root), conf));
  }

  /** Whether the FileIO's own listing of the location is Hadoop's. */
  private static boolean hadoopBacked(FileIO io, String root) {
    return io instanceof HadoopFileIO
        || (io instanceof ResolvingFileIO resolving && HadoopFileIO.class.equals(resolving.ioClass(root)));
  }

  private static Iterator<FileInfo> hadoopListing(Path root, Configuration conf) {
    try {
      FileSystem fs = root.getFileSystem(conf);
      if ("file".equals(fs.getScheme())) {
        return localListing(fs.makeQualified(root));
      }
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          try {
            return files.hasNext();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public FileInfo next() {
          try {
            LocatedFileStatus status = files.next();
            return new FileInfo(status.getPath().toString(), status.getLen(), status.getModificationTime());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A lazy depth-first walk of a local directory; locations are written as Hadoop writes them (file:/...). */
  private static Iterator<FileInfo> localListing(Path root) throws IOException {
    java.nio.file.Path directory = java.nio.file.Paths.get(root.toUri()).toAbsolutePath();
    if (!Files.exists(directory)) {
      throw new FileNotFoundException(root.toString());
    }
    Stream<FileInfo> files = Files.find(directory, Integer.MAX_VALUE, (path, attributes) -> attributes.isRegularFile())
        .map(path -> {
          try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
            // The form Hadoop's own listing gives (file:/a/b), without its costly URI round trip.
            return new FileInfo("file:" + path, attributes.size(), attributes.lastModifiedTime().toMillis());
          } catch (NoSuchFileException e) {
            return null; // deleted since the directory was read
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        })
        .filter(java.util.Objects::nonNull);
    return new ClosingIterator(files);
  }

  /** Iterates a stream of open directories and closes them with the listing. */
  private record ClosingIterator(Stream<FileInfo> stream, Iterator<FileInfo> files)
      implements Iterator<FileInfo>, Closeable {
    ClosingIterator(Stream<FileInfo> stream) {
      this(stream, stream.iterator());
    }

    @Override
    public boolean hasNext() {
      return files.hasNext();
    }

    @Override
    public FileInfo next() {
      return files.next();
    }

    @Override
    public void close() {
      stream.close();
    }
  }

  private interface Opener {
    Iterator<FileInfo> open();
  }

  /**
   * One location's listing. Ends quietly when the location is not there (or stops being there);
   * closing it releases what the listing holds open.
   */
  static final class Listing implements Iterator<FileInfo>, Closeable {
    private final String root;
    private final Opener opener;
    private Iterator<FileInfo> delegate;
    private boolean ended;
    private long listed;

    private Listing(String root, Opener opener) {
      this.root = root;
      this.opener = opener;
    }

    @Override
    public boolean hasNext() {
      if (ended) {
        return false;
      }
      try {
        if (delegate == null) {
          delegate = opener.open();
        }
        return delegate.hasNext();
      } catch (UncheckedIOException e) {
        if (!(e.getCause() instanceof FileNotFoundException) && !(e.getCause() instanceof NoSuchFileException)) {
          throw e;
        }
        if (listed > 0) {
          LOG.warn("Listing of {} ended early after {} files, a directory disappeared: {}", root, listed,
              e.getCause().getMessage());
        }
        ended = true;
        return false;
      }
    }

    @Override
    public FileInfo next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      listed++;
      return delegate.next();
    }

    @Override
    public void close() throws IOException {
      if (delegate instanceof Closeable closeable) {
        closeable.close();
      }
    }
  }
}
