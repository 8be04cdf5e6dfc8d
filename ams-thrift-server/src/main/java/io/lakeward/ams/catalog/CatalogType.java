package io.lakeward.ams.catalog;

import io.lakeward.common.exceptions.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Kinds of catalog the AMS can serve or manage. */
public enum CatalogType {
  /** The AMS itself is the metastore: databases and metadata pointers live in the AMS database. */
  INTERNAL,
  /** An existing Hive Metastore. */
  HIVE,
  /** A warehouse path with Iceberg's Hadoop catalog layout. */
  HADOOP,
  /** Any Iceberg Catalog implementation by class name. */
  CUSTOM;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CatalogType fromWireName(String name) {
    for (CatalogType type : values()) {
      if (type.wireName().equals(name)) {
        return type;
      }
    }
    throw InvalidInputException.of("Invalid catalog type '%s': expected one of %s", name,
        Arrays.stream(values()).map(CatalogType::wireName).collect(Collectors.joining(", ")));
  }
}
