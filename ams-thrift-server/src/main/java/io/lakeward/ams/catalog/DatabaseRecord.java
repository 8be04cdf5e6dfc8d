package io.lakeward.ams.catalog;

import io.lakeward.common.Identifiers;
import java.util.Map;

/** A database of the internal catalog. */
public record DatabaseRecord(String catalog, String name, String location, Map<String, String> properties, long createdAtMillis) {
  public DatabaseRecord {
    Identifiers.checkName("catalog", catalog);
    Identifiers.checkName("database", name);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }
}
