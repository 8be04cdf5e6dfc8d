package io.lakeward.ams.catalog.internal;

import io.lakeward.ams.persistence.TableMetadataStore.PointerSwap;
import io.lakeward.common.exceptions.ConflictException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;

/**
 * A multi-table commit (Iceberg REST transactions/commit): every table's requirements are checked and its new metadata file
 * written first; then all pointers swap in one database transaction, so either every table moves
 * or none does. On a conflict the files written here are deleted and the client gets a 409.
 */
final class MultiTableCommit {
  private MultiTableCommit() {}

  static void commit(AmsIcebergCatalog catalog, CommitTransactionRequest request) {
    request.validate();
    List<PointerSwap> swaps = new ArrayList<>();
    List<String> written = new ArrayList<>();
    try {
      for (UpdateTableRequest change : request.tableChanges()) {
        TableIdentifier identifier = change.identifier();
        if (identifier == null) {
          throw new IllegalArgumentException("Invalid table change: no identifier");
        }
        AmsTableOperations ops = catalog.tableOperations(identifier);
        TableMetadata base = ops.refresh();
        if (base == null) {
          throw new NoSuchTableException("Table does not exist: %s", identifier);
        }
        for (UpdateRequirement requirement : change.requirements()) {
          requirement.validate(base);
        }
        TableMetadata.Builder builder = TableMetadata.buildFrom(base);
        for (MetadataUpdate update : change.updates()) {
          update.applyTo(builder);
        }
        TableMetadata updated = builder.build();
        if (updated.changes().isEmpty()) {
          continue;
        }
        String location = ops.writeMetadataFile(updated);
        written.add(location);
        swaps.add(new PointerSwap(catalog.tableName(identifier), base.metadataFileLocation(), location));
      }
      if (!swaps.isEmpty()) {
        catalog.commitPointers(swaps);
      }
    } catch (ConflictException e) {
      written.forEach(catalog.io()::deleteFile);
      throw new CommitFailedException("Cannot commit transaction: %s", e.getMessage());
    } catch (RuntimeException e) {
      if (!(e instanceof io.lakeward.ams.persistence.PersistenceException)) {
        written.forEach(catalog.io()::deleteFile);
      }
      throw e;
    }
  }
}
