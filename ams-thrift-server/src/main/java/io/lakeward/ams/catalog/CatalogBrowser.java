package io.lakeward.ams.catalog;

import static java.util.Objects.requireNonNull;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.NotFoundException;
import io.lakeward.common.exceptions.UnsupportedException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * Read access to the databases and tables of any catalog, through its Iceberg catalog: what admins
 * browse in the REST API and what the Thrift service answers for external catalogs.
 */
public final class CatalogBrowser {
  private final IcebergCatalogs catalogs;

  public CatalogBrowser(IcebergCatalogs catalogs) {
    this.catalogs = requireNonNull(catalogs, "catalogs is null");
  }

  public List<String> databases(String catalog) {
    return CatalogConnectors.topLevelNamespaces(namespaces(catalog)).stream()
        .filter(n -> n.levels().length == 1).map(n -> n.level(0)).sorted().toList();
  }

  /** Database properties, with its location under "location" when the catalog knows one. */
  public Map<String, String> database(String catalog, String database) {
    try {
      return new HashMap<>(namespaces(catalog).loadNamespaceMetadata(Namespace.of(database)));
    } catch (NoSuchNamespaceException e) {
      throw noSuchDatabase(catalog, database);
    }
  }

  public List<String> tables(String catalog, String database) {
    try {
      return catalogs.catalog(catalog).listTables(Namespace.of(database)).stream()
          .map(TableIdentifier::name).sorted().toList();
    } catch (NoSuchNamespaceException e) {
      throw noSuchDatabase(catalog, database);
    }
  }

  public Table table(TableName name) {
    try {
      return catalogs.catalog(name.catalog()).loadTable(TableIdentifier.of(name.database(), name.table()));
    } catch (NoSuchTableException e) {
      throw new NotFoundException(ErrorCode.NO_SUCH_TABLE, "Table does not exist: " + name);
    } catch (NoSuchNamespaceException e) {
      throw noSuchDatabase(name.catalog(), name.database());
    }
  }

  /** The current metadata of a table, with the location of its metadata file. */
  public TableMetadata metadata(TableName name) {
    Table table = table(name);
    if (table instanceof HasTableOperations operations) {
      return operations.operations().current();
    }
    throw new UnsupportedException(ErrorCode.UNSUPPORTED, "Table " + name + " exposes no metadata file");
  }

  private SupportsNamespaces namespaces(String catalog) {
    Catalog iceberg = catalogs.catalog(catalog);
    if (iceberg instanceof SupportsNamespaces namespaces) {
      return namespaces;
    }
    throw new UnsupportedException(ErrorCode.UNSUPPORTED, "Catalog " + catalog + " does not list databases");
  }

  private static NotFoundException noSuchDatabase(String catalog, String database) {
    return new NotFoundException(ErrorCode.NO_SUCH_DATABASE, "Database does not exist: " + catalog + "." + database);
  }
}
