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

  public TableRecord {
    checkArgument(name != null, "Invalid table: no identifier");
    format = format == null ? "ICEBERG" : format;
    checkArgument(metadataLocation != null && !metadataLocation.isBlank(),
        "Invalid table %s: no metadata location", name);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }
}
