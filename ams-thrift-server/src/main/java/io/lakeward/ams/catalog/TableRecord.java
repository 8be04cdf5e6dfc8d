package io.lakeward.ams.catalog;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;

import java.util.Map;

/** A table of the internal catalog: where its current metadata file is, and where the previous one was. */
public record TableRecord(
    TableName name,
    String format,
    String location,
    String metadataLocation,
    String previousMetadataLocation,
    Map<String, String> properties,
    long createdAtMillis,
    long updatedAtMillis) {

  /** Format of an Iceberg table. */
  public static final String ICEBERG_TABLE = "ICEBERG";
  /** Format of an Iceberg view; views share the table namespace, so names never collide. */
  public static final String ICEBERG_VIEW = "ICEBERG_VIEW";

  public TableRecord {
    checkArgument(name != null, "Invalid table: no identifier");
    format = format == null ? ICEBERG_TABLE : format;
    checkArgument(format.equals(ICEBERG_TABLE) || format.equals(ICEBERG_VIEW), "Invalid table format: %s", format);
    checkArgument(metadataLocation != null && !metadataLocation.isBlank(),
        "Invalid table %s: no metadata location", name);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  public boolean isView() {
    return ICEBERG_VIEW.equals(format);
  }
}
