package io.lakeward.catalog;

import static java.util.Objects.requireNonNull;

import io.lakeward.api.CommitTableRequest;
import io.lakeward.api.TableIdentifier;
import io.lakeward.api.TableMeta;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;

/**
 * TableOperations over the AMS Thrift catalog service: the engine writes the new metadata file, then
 * asks the AMS to swap the table's pointer from the metadata it read to the new one.
 */
final class ThriftTableOperations extends BaseMetastoreTableOperations {
  private final AmsCatalogClient client;
  private final TableIdentifier identifier;
  private final String displayName;
  private final FileIO io;

  ThriftTableOperations(AmsCatalogClient client, TableIdentifier identifier, FileIO io) {
    this.client = requireNonNull(client, "client is null");
    this.identifier = requireNonNull(identifier, "identifier is null");
    this.io = requireNonNull(io, "io is null");
    this.displayName = identifier.getDatabase() + "." + identifier.getTable();
  }

  @Override
  protected String tableName() {
    return displayName;
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  protected void doRefresh() {
    String location = null;
    try {
      location = client.idempotent(c -> c.getTable(identifier)).getMetadataLocation();
    } catch (NoSuchTableException e) {
      if (currentMetadataLocation() != null) {
        throw new NoSuchTableException("Table does not exist: %s", displayName);
      }
    }
    refreshFromMetadataLocation(location);
  }

  @Override
  protected void doCommit(TableMetadata base, TableMetadata metadata) {
    String newLocation = writeNewMetadataIfRequired(base == null, metadata);
    try {
      if (base == null) {
        create(metadata, newLocation);
      } else {
        swap(base.metadataFileLocation(), newLocation);
      }
    } catch (CommitFailedException | AlreadyExistsException | NoSuchTableException | IllegalArgumentException e) {
      // The AMS refused: the pointer did not move, so the new file is garbage.
      if (!newLocation.equals(metadata.metadataFileLocation())) {
        io.deleteFile(newLocation);
      }
      throw e;
    }
    requestRefresh();
  }

  private void create(TableMetadata metadata, String newLocation) {
    TableMeta table = new TableMeta().setIdentifier(identifier).setFormat("ICEBERG")
        .setLocation(metadata.location()).setMetadataLocation(newLocation);
    try {
      client.once(c -> c.createTable(table));
    } catch (AmsCatalogClient.TransportFailure failure) {
      if (!newLocation.equals(currentLocationOrNull())) {
        throw new CommitStateUnknownException(failure.getCause());
      }
    }
  }

  /**
   * The swap is a compare-and-set, so after a broken connection the pointer tells what happened:
   * our file means it landed, the old base means it did not (and is retried), anything else means
   * another writer won.
   */
  private void swap(String expected, String newLocation) {
    CommitTableRequest request = new CommitTableRequest().setIdentifier(identifier)
        .setExpectedMetadataLocation(expected).setNewMetadataLocation(newLocation);
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        client.once(c -> c.commitTable(request));
        return;
      } catch (AmsCatalogClient.TransportFailure failure) {
        String current;
        try {
          current = currentLocationOrNull();
        } catch (RuntimeException unreachable) {
          throw new CommitStateUnknownException(failure.getCause());
        }
        if (newLocation.equals(current)) {
          return;
        }
        if (!expected.equals(current)) {
          throw new CommitFailedException("Cannot commit %s: another commit landed first", displayName);
        }
      }
    }
    throw new CommitStateUnknownException(new IllegalStateException("AMS unreachable during commit of " + displayName));
  }

  private String currentLocationOrNull() {
    try {
      return client.idempotent(c -> c.getTable(identifier)).getMetadataLocation();
    } catch (NoSuchTableException e) {
      return null;
    }
  }
}
