package io.lakeward.optimizer.spark;

import io.lakeward.scheduler.task.RewriteTaskInput;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.LocationProviders;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.util.JsonUtil;

/**
 * A read-only Iceberg table made of what one rewrite task carries (schema, the specs of its files,
 * sort order, properties, location), so Iceberg's Spark reader and writer can work on the task
 * without a catalog. It has no snapshots and cannot commit: the AMS commits the task's result.
 */
final class TaskTable {
  private TaskTable() {
  }

  static Table of(RewriteTaskInput input, FileIO io) {
    TableMetadata metadata = TableMetadataParser.fromJson(metadataJson(input));
    return new BaseTable(new Operations(metadata, io), input.table());
  }

  /**
   * Table metadata as JSON: the parser keeps schema, spec and sort order ids as they are, where the
   * metadata builder would renumber specs; output files must carry the table's real spec id.
   */
  private static String metadataJson(RewriteTaskInput input) {
    Map<Integer, PartitionSpec> specs = new TreeMap<>();
    specs.put(input.outputSpec().specId(), input.outputSpec());
    for (FileScanTask task : input.files()) {
      specs.putIfAbsent(task.spec().specId(), task.spec());
    }
    int lastPartitionId = specs.values().stream().flatMap(spec -> spec.fields().stream())
        .mapToInt(PartitionField::fieldId).max().orElse(999);
    SortOrder order = input.sortOrder();
    return JsonUtil.generate(gen -> {
      gen.writeStartObject();
      gen.writeNumberField("format-version", 2);
      gen.writeStringField("table-uuid", UUID.randomUUID().toString());
      gen.writeStringField("location", input.tableLocation());
      gen.writeNumberField("last-sequence-number", 0);
      gen.writeNumberField("last-updated-ms", System.currentTimeMillis());
      gen.writeNumberField("last-column-id", input.schema().highestFieldId());
      gen.writeNumberField("current-schema-id", input.schema().schemaId());
      gen.writeArrayFieldStart("schemas");
      SchemaParser.toJson(input.schema(), gen);
      gen.writeEndArray();
      gen.writeNumberField("default-spec-id", input.outputSpec().specId());
      gen.writeArrayFieldStart("partition-specs");
      for (PartitionSpec spec : specs.values()) {
        PartitionSpecParser.toJson(spec, gen);
      }
      gen.writeEndArray();
      gen.writeNumberField("last-partition-id", lastPartitionId);
      gen.writeNumberField("default-sort-order-id", order.orderId());
      gen.writeArrayFieldStart("sort-orders");
      SortOrderParser.toJson(order, gen);
      if (!order.isUnsorted()) {
        SortOrderParser.toJson(SortOrder.unsorted(), gen);
      }
      gen.writeEndArray();
      gen.writeObjectFieldStart("properties");
      for (Map.Entry<String, String> property : input.tableProperties().entrySet()) {
        gen.writeStringField(property.getKey(), property.getValue());
      }
      gen.writeEndObject();
      gen.writeNumberField("current-snapshot-id", -1);
      gen.writeArrayFieldStart("snapshots");
      gen.writeEndArray();
      gen.writeEndObject();
    }, false);
  }

  private static final class Operations implements TableOperations {
    private final TableMetadata metadata;
    private final FileIO io;

    Operations(TableMetadata metadata, FileIO io) {
      this.metadata = metadata;
      this.io = io;
    }

    @Override
    public TableMetadata current() {
      return metadata;
    }

    @Override
    public TableMetadata refresh() {
      return metadata;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata updated) {
      throw new UnsupportedOperationException("A rewrite task's table cannot commit; the AMS commits the result");
    }

    @Override
    public FileIO io() {
      return io;
    }

    @Override
    public String metadataFileLocation(String fileName) {
      throw new UnsupportedOperationException("A rewrite task's table has no metadata files");
    }

    @Override
    public LocationProvider locationProvider() {
      return LocationProviders.locationsFor(metadata.location(), metadata.properties());
    }
  }
}
