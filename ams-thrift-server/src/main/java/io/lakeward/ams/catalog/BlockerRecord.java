package io.lakeward.ams.catalog;

import java.util.List;
import java.util.Map;

/** A live hold on some operations of one table, until expiresAtMillis. */
public record BlockerRecord(
    String blockerId,
    TableName table,
    List<String> operations,
    long createdAtMillis,
    long expiresAtMillis,
    long ttlMillis,
    Map<String, String> properties) {
  public BlockerRecord {
    operations = List.copyOf(operations);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }
}
