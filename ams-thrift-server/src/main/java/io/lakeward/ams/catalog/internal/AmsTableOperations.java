package io.lakeward.ams.catalog.internal;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.catalog.TableRecord;
import io.lakeward.ams.persistence.PersistenceException;
import io.lakeward.ams.persistence.TableMetadataStore;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.NotFoundException;
import java.time.Clock;
import java.util.Optional;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TableOperations of an internal-catalog table: the metadata file is written under the table
 * location, then the pointer in the AMS database is swapped with compare-and-set.
 */
final class AmsTableOperations extends BaseMetastoreTableOperations {
  private static final Logger LOG = LoggerFactory.getLogger(AmsTableOperations.class);

  static final int METADATA_READ_RETRIES = 2;

  private final TableName name;
  private final TableIdentifier identifier;
  private final TableMetadataStore store;
  private final FileIO io;
  private final Clock clock;

  AmsTableOperations(TableName name, TableIdentifier identifier, TableMetadataStore store, FileIO io, Clock clock) {
    this.name = requireNonNull(name, "name is null");
    this.identifier = requireNonNull(identifier, "identifier is null");
    this.store = requireNonNull(store, "store is null");
    this.io = requireNonNull(io, "io is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  protected String tableName() {
    return name.toString();
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  protected void doRefresh() {
    Optional<TableRecord> record = store.findTable(name).filter(r -> !r.isView());
    if (record.isEmpty() && currentMetadataLocation() != null) {
      throw new NoSuchTableException("Table does not exist: %s", identifier);
    }
    // Few retries: the AMS reads files engines already committed; a missing or broken metadata file
    // is an error to report now, not something to wait minutes for on a server thread.
    refreshFromMetadataLocation(record.map(TableRecord::metadataLocation).orElse(null), METADATA_READ_RETRIES);
  }

  @Override
  protected void doCommit(TableMetadata base, TableMetadata metadata) {
    String newLocation = writeNewMetadataIfRequired(base == null, metadata);
    CommitOutcome outcome = CommitOutcome.FAILED;
    try {
      swapPointer(base, metadata, newLocation);
      outcome = CommitOutcome.COMMITTED;
    } catch (PersistenceException e) {
      outcome = resolveAfterStoreFailure(newLocation);
      if (outcome == CommitOutcome.UNKNOWN) {
        throw new CommitStateUnknownException(e);
      }
      if (outcome == CommitOutcome.FAILED) {
        throw new CommitFailedException(e, "Cannot commit %s: the AMS database failed", name);
      }
    } finally {
      if (outcome == CommitOutcome.FAILED && !newLocation.equals(metadata.metadataFileLocation())) {
        // Definitely not adopted: the file we wrote is garbage. Never delete on UNKNOWN.
        io.deleteFile(newLocation);
      }
    }
    requestRefresh();
  }

  /** Writes the metadata file for an update that a multi-table commit swaps in later. */
  String writeMetadataFile(TableMetadata metadata) {
    return writeNewMetadataIfRequired(false, metadata);
  }

  private void swapPointer(TableMetadata base, TableMetadata metadata, String newLocation) {
    long now = clock.millis();
    if (base == null) {
      try {
        store.createTable(new TableRecord(name, TableRecord.ICEBERG_TABLE, metadata.location(), newLocation, null,
            null, now, now));
      } catch (io.lakeward.common.exceptions.AlreadyExistsException e) {
        boolean view = store.findTable(name).map(TableRecord::isView).orElse(false);
        throw view
            ? new AlreadyExistsException("View with same name already exists: %s", identifier)
            : new AlreadyExistsException("Table already exists: %s", identifier);
      } catch (NotFoundException e) {
        throw new org.apache.iceberg.exceptions.NoSuchNamespaceException("Namespace does not exist: %s",
            identifier.namespace());
      }
      return;
    }
    try {
      store.commit(name, base.metadataFileLocation(), newLocation, null, now);
    } catch (ConflictException e) {
      throw new CommitFailedException("Cannot commit %s: base metadata location %s is not current",
          identifier, base.metadataFileLocation());
    } catch (NotFoundException e) {
      throw new NoSuchTableException("Table does not exist: %s", identifier);
    }
  }

  private enum CommitOutcome { COMMITTED, FAILED, UNKNOWN }

  /** After a database error the swap may or may not have happened; read the pointer back to know. */
  private CommitOutcome resolveAfterStoreFailure(String newLocation) {
    try {
      Optional<TableRecord> current = store.findTable(name);
      boolean adopted = current.isPresent() && newLocation.equals(current.get().metadataLocation());
      return adopted ? CommitOutcome.COMMITTED : CommitOutcome.FAILED;
    } catch (RuntimeException e) {
      LOG.warn("Cannot tell whether the commit of {} landed: {}", name, e.toString());
      return CommitOutcome.UNKNOWN;
    }
  }
}
