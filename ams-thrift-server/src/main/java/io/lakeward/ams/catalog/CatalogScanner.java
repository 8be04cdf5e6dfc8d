package io.lakeward.ams.catalog;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.persistence.ManagedTableStore;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Iceberg tables of every registered catalog and keeps the AMS's list of managed tables in
 * step: tables engines created appear, dropped ones disappear. A catalog that cannot be listed keeps
 * its previous list; the failure is recorded with the catalog's scan state.
 */
public final class CatalogScanner {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogScanner.class);

  private final CatalogRegistry registry;
  private final IcebergCatalogs catalogs;
  private final ManagedTableStore store;
  private final Clock clock;

  public CatalogScanner(CatalogRegistry registry, IcebergCatalogs catalogs, ManagedTableStore store, Clock clock) {
    this.registry = requireNonNull(registry, "registry is null");
    this.catalogs = requireNonNull(catalogs, "catalogs is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Scans every catalog; never throws, so a scheduled caller keeps running. */
  public void scanAll() {
    for (CatalogDefinition catalog : registry.list()) {
      scan(catalog);
    }
  }

  /** Scans one catalog; true when it could be listed. */
  public boolean scan(CatalogDefinition definition) {
    try {
      Set<TableName> found = list(definition);
      ManagedTableStore.SyncResult result = store.sync(definition.name(), found, clock.millis());
      if (result.added() + result.removed() > 0) {
        LOG.info("Catalog {}: {} tables managed ({} new, {} gone)", definition.name(), found.size(),
            result.added(), result.removed());
      }
      return true;
    } catch (RuntimeException e) {
      LOG.warn("Cannot scan catalog {}: {}", definition.name(), e.toString());
      // A catalog that sits behind a broken connection is rebuilt on the next scan.
      catalogs.invalidate(definition.name());
      store.recordFailure(definition.name(), clock.millis(), e.getClass().getSimpleName() + ": " + e.getMessage());
      return false;
    }
  }

  private Set<TableName> list(CatalogDefinition definition) {
    Catalog catalog = catalogs.catalog(definition.name());
    TableFilter filter = TableFilter.of(definition.properties());
    Set<TableName> found = new HashSet<>();
    if (!(catalog instanceof SupportsNamespaces namespaces)) {
      return found;
    }
    for (Namespace namespace : CatalogConnectors.topLevelNamespaces(namespaces)) {
      if (namespace.levels().length != 1 || !filter.acceptsDatabase(namespace.level(0))) {
        continue;
      }
      for (TableIdentifier table : catalog.listTables(namespace)) {
        if (filter.acceptsTable(namespace.level(0), table.name())) {
          try {
            found.add(new TableName(definition.name(), namespace.level(0), table.name()));
          } catch (io.lakeward.common.exceptions.InvalidInputException e) {
            LOG.warn("Catalog {}: not managing {}: {}", definition.name(), table, e.getMessage());
          }
        }
      }
    }
    return found;
  }
}
