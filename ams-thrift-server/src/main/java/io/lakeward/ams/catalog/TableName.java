package io.lakeward.ams.catalog;

import io.lakeward.common.Identifiers;

/** catalog.database.table, each part validated. */
public record TableName(String catalog, String database, String table) {
  public TableName {
    Identifiers.checkName("catalog", catalog);
    Identifiers.checkName("database", database);
    Identifiers.checkName("table", table);
  }

  @Override
  public String toString() {
    return catalog + "." + database + "." + table;
  }
}
