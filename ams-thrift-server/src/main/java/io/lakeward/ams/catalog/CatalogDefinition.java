package io.lakeward.ams.catalog;

import static java.util.Objects.requireNonNull;

import io.lakeward.common.Identifiers;
import java.util.Map;
import java.util.TreeMap;

/** A registered catalog: immutable, validated when built. */
public record CatalogDefinition(
    String name,
    CatalogType type,
    Map<String, String> storageConfigs,
    Map<String, String> properties,
    long createdAtMillis,
    long updatedAtMillis) {

  public CatalogDefinition {
    Identifiers.checkName("catalog", name);
    requireNonNull(type, "type is null");
    storageConfigs = storageConfigs == null ? Map.of() : Map.copyOf(new TreeMap<>(storageConfigs));
    properties = properties == null ? Map.of() : Map.copyOf(new TreeMap<>(properties));
  }
}
