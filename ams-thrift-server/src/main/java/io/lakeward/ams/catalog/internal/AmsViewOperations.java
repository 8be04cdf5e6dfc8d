package io.lakeward.ams.catalog.internal;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.catalog.TableRecord;
import io.lakeward.ams.persistence.TableMetadataStore;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.NotFoundException;
import java.time.Clock;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.view.BaseViewOperations;
import org.apache.iceberg.view.ViewMetadata;

/** ViewOperations of an internal-catalog view: the same pointer swap as tables, with format ICEBERG_VIEW. */
final class AmsViewOperations extends BaseViewOperations {
  private final TableName name;
  private final TableIdentifier identifier;
  private final TableMetadataStore store;
  private final FileIO io;
  private final Clock clock;

  AmsViewOperations(TableName name, TableIdentifier identifier, TableMetadataStore store, FileIO io, Clock clock) {
    this.name = requireNonNull(name, "name is null");
    this.identifier = requireNonNull(identifier, "identifier is null");
    this.store = requireNonNull(store, "store is null");
    this.io = requireNonNull(io, "io is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  protected String viewName() {
    return name.toString();
  }

  @Override
  protected FileIO io() {
    return io;
  }

  @Override
  protected void doRefresh() {
    Optional<TableRecord> record = store.findTable(name).filter(TableRecord::isView);
    if (record.isEmpty() && currentMetadataLocation() != null) {
      throw new NoSuchViewException("View does not exist: %s", identifier);
    }
    refreshFromMetadataLocation(record.map(TableRecord::metadataLocation).orElse(null));
  }

  @Override
  protected void doCommit(ViewMetadata base, ViewMetadata metadata) {
    String newLocation = writeNewMetadataIfRequired(metadata);
    long now = clock.millis();
    // Only refusals the store reports delete the new file; a database failure leaves it in place
    // because the swap may have landed.
    try {
      if (base == null) {
        store.createTable(new TableRecord(name, TableRecord.ICEBERG_VIEW, metadata.location(), newLocation, null, null, now, now));
      } else {
        store.commit(name, base.metadataFileLocation(), newLocation, null, now);
      }
    } catch (io.lakeward.common.exceptions.AlreadyExistsException e) {
      io.deleteFile(newLocation);
      boolean view = store.findTable(name).map(TableRecord::isView).orElse(true);
      throw view
          ? new AlreadyExistsException("View already exists: %s", identifier)
          : new AlreadyExistsException("Table with same name already exists: %s", identifier);
    } catch (ConflictException e) {
      io.deleteFile(newLocation);
      throw new CommitFailedException("Cannot commit view %s: base metadata is not current", identifier);
    } catch (NotFoundException e) {
      io.deleteFile(newLocation);
      throw base == null
          ? new NoSuchNamespaceException("Namespace does not exist: %s", identifier.namespace())
          : new NoSuchViewException("View does not exist: %s", identifier);
    }
    requestRefresh();
  }
}
