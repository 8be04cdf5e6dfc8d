package io.lakeward.scheduler.task;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.BaseFileScanTask;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ContentFileParser;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderParser;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.ResidualEvaluator;
import org.apache.iceberg.types.Types;

/**
 * The wire format of rewrite tasks between the AMS and optimizers: the {@code input} and
 * {@code output} bytes of {@code OptimizingTask} and {@code TaskResult} in the Thrift optimizing
 * protocol, named by {@link #INPUT_ENCODING} and {@link #OUTPUT_ENCODING}.
 *
 * <p>Both are UTF-8 JSON documents (layout in docs/optimizing-protocol.md). Schemas, partition specs,
 * sort orders and data/delete files are written by Iceberg's own public JSON parsers
 * ({@link SchemaParser}, {@link PartitionSpecParser}, {@link SortOrderParser},
 * {@link ContentFileParser}), so column metrics, partitions and split offsets survive the trip
 * exactly as Iceberg represents them. Delete files are listed once per task and referenced by index
 * from each data file: an equality delete usually applies to every data file of its partition, and
 * repeating it per data file (as Iceberg's ScanTaskParser would, together with the schema and spec)
 * would multiply the payload.
 *
 * <p>A new layout gets a new encoding name ({@code -v2}); decoders refuse names they do not know.
 * Every decoding problem (unknown encoding, bytes that are not JSON, a truncated document, a missing
 * or mistyped field, a value Iceberg's parsers reject) raises
 * {@link io.lakeward.common.exceptions.InvalidInputException} with a message that starts with
 * "Invalid" and names the field.
 */
public final class RewriteTaskCodec {
  public static final String INPUT_ENCODING = "lakeward-rewrite-input-v1";
  public static final String OUTPUT_ENCODING = "lakeward-rewrite-output-v1";

  private static final JsonFactory JSON = new JsonFactory();
  private static final String INPUT = "rewrite task input";
  private static final String OUTPUT = "rewrite task output";

  private RewriteTaskCodec() {}

  public static byte[] encodeInput(RewriteTaskInput input) {
    checkArgument(input != null, "Invalid rewrite task input: null");
    Map<Integer, PartitionSpec> specs = specsOf(input);
    Map<String, Integer> deleteIndexes = new LinkedHashMap<>();
    List<DeleteFile> deletes = new ArrayList<>();
    for (FileScanTask task : input.files()) {
      for (DeleteFile delete : task.deletes()) {
        if (deleteIndexes.putIfAbsent(delete.location(), deletes.size()) == null) {
          deletes.add(delete);
        }
      }
    }
    return write(generator -> {
      generator.writeStringField("encoding", INPUT_ENCODING);
      generator.writeStringField("table", input.table());
      generator.writeStringField("table-location", input.tableLocation());
      generator.writeObjectFieldStart("table-properties");
      for (Map.Entry<String, String> property : new TreeMap<>(input.tableProperties()).entrySet()) {
        generator.writeStringField(property.getKey(), property.getValue());
      }
      generator.writeEndObject();
      generator.writeFieldName("schema");
      SchemaParser.toJson(input.schema(), generator);
      generator.writeArrayFieldStart("specs");
      for (PartitionSpec spec : specs.values()) {
        PartitionSpecParser.toJson(spec, generator);
      }
      generator.writeEndArray();
      generator.writeNumberField("output-spec-id", input.outputSpec().specId());
      generator.writeFieldName("sort-order");
      SortOrderParser.toJson(input.sortOrder(), generator);
      generator.writeBooleanField("sort", input.sort());
      generator.writeNumberField("target-file-size-bytes", input.targetFileSizeBytes());
      generator.writeStringField("file-name-prefix", input.fileNamePrefix());
      generator.writeArrayFieldStart("delete-files");
      for (DeleteFile delete : deletes) {
        ContentFileParser.toJson(delete, specs.get(delete.specId()), generator);
      }
      generator.writeEndArray();
      generator.writeArrayFieldStart("files");
      for (FileScanTask task : input.files()) {
        generator.writeStartObject();
        generator.writeFieldName("data-file");
        ContentFileParser.toJson(task.file(), specs.get(task.file().specId()), generator);
        generator.writeArrayFieldStart("delete-file-indexes");
        for (DeleteFile delete : task.deletes()) {
          generator.writeNumber(deleteIndexes.get(delete.location()));
        }
        generator.writeEndArray();
        generator.writeEndObject();
      }
      generator.writeEndArray();
    });
  }

  public static RewriteTaskInput decodeInput(String encoding, byte[] bytes) {
    TaskJson json = new TaskJson(INPUT);
    JsonNode root = json.root(checkEncoding(json, INPUT_ENCODING, encoding, bytes));
    checkEmbeddedEncoding(json, root, INPUT_ENCODING);
    String table = json.text(root, "table");
    String location = json.text(root, "table-location");
    Map<String, String> properties = new HashMap<>();
    json.object(root, "table-properties").fields().forEachRemaining(property -> {
      if (!property.getValue().isTextual()) {
        throw json.invalid("table property '%s' must be a string, got %s", property.getKey(), property.getValue().getNodeType());
      }
      properties.put(property.getKey(), property.getValue().asText());
    });
    Schema schema = json.parse("schema", () -> SchemaParser.fromJson(json.object(root, "schema")));
    Map<Integer, PartitionSpec> specs = new HashMap<>();
    for (JsonNode node : json.array(root, "specs")) {
      PartitionSpec spec = json.parse("specs", () -> PartitionSpecParser.fromJson(schema, node));
      if (specs.put(spec.specId(), spec) != null) {
        throw json.invalid("field 'specs' lists spec id %s twice", spec.specId());
      }
    }
    int outputSpecId = json.intValue(root, "output-spec-id");
    PartitionSpec outputSpec = specs.get(outputSpecId);
    if (outputSpec == null) {
      throw json.invalid("field 'output-spec-id' names spec %s, which is not in 'specs' %s", outputSpecId, specs.keySet());
    }
    SortOrder sortOrder = json.parse("sort-order", () -> SortOrderParser.fromJson(schema, json.object(root, "sort-order")));
    boolean sort = json.bool(root, "sort");
    long targetFileSize = json.longValue(root, "target-file-size-bytes");
    String prefix = json.text(root, "file-name-prefix");

    List<DeleteFile> deletes = new ArrayList<>();
    for (JsonNode node : json.array(root, "delete-files")) {
      ContentFile<?> file = json.parse("delete-files", () -> ContentFileParser.fromJson(node, specs));
      if (!(file instanceof DeleteFile delete) || file.content() == FileContent.DATA) {
        throw json.invalid("field 'delete-files' holds %s, which is not a delete file", file.location());
      }
      deletes.add(delete);
    }
    String schemaJson = SchemaParser.toJson(schema);
    Map<Integer, String> specJson = new HashMap<>();
    List<FileScanTask> files = new ArrayList<>();
    for (JsonNode entry : json.array(root, "files")) {
      if (!entry.isObject()) {
        throw json.invalid("field 'files' must hold objects, got %s", entry.getNodeType());
      }
      ContentFile<?> file = json.parse("files", () -> ContentFileParser.fromJson(json.object(entry, "data-file"), specs));
      if (!(file instanceof DataFile dataFile)) {
        throw json.invalid("field 'files' holds %s, which is not a data file", file.location());
      }
      List<DeleteFile> applying = new ArrayList<>();
      for (JsonNode index : json.array(entry, "delete-file-indexes")) {
        if (!index.canConvertToInt() || !index.isIntegralNumber() || index.asInt() < 0 || index.asInt() >= deletes.size()) {
          throw json.invalid("delete file index %s of %s is out of range (%s delete files)", index, file.location(), deletes.size());
        }
        applying.add(deletes.get(index.asInt()));
      }
      String spec = specJson.computeIfAbsent(dataFile.specId(), id -> PartitionSpecParser.toJson(specs.get(id)));
      files.add(new BaseFileScanTask(dataFile, applying.toArray(DeleteFile[]::new), schemaJson, spec,
          ResidualEvaluator.unpartitioned(Expressions.alwaysTrue())));
    }
    return new RewriteTaskInput(table, location, properties, schema, outputSpec, sortOrder, sort, targetFileSize, prefix, files);
  }

  public static byte[] encodeOutput(RewriteTaskOutput output) {
    checkArgument(output != null, "Invalid rewrite task output: null");
    return write(generator -> {
      generator.writeStringField("encoding", OUTPUT_ENCODING);
      generator.writeNumberField("input-rows", output.inputRows());
      generator.writeNumberField("output-rows", output.outputRows());
      generator.writeNumberField("output-bytes", output.outputBytes());
      generator.writeNumberField("elapsed-millis", output.elapsedMillis());
      generator.writeArrayFieldStart("data-files");
      for (DataFile file : output.dataFiles()) {
        ContentFileParser.toJson(file, partitionTypeSpec(file), generator);
      }
      generator.writeEndArray();
    });
  }

  /** specs: the table's specs by id, to rebuild partitions of the output files. */
  public static RewriteTaskOutput decodeOutput(String encoding, byte[] bytes, Map<Integer, PartitionSpec> specs) {
    checkArgument(specs != null, "Invalid partition specs to decode a rewrite task output: null");
    TaskJson json = new TaskJson(OUTPUT);
    JsonNode root = json.root(checkEncoding(json, OUTPUT_ENCODING, encoding, bytes));
    checkEmbeddedEncoding(json, root, OUTPUT_ENCODING);
    long inputRows = json.longValue(root, "input-rows");
    long outputRows = json.longValue(root, "output-rows");
    long outputBytes = json.longValue(root, "output-bytes");
    long elapsed = json.longValue(root, "elapsed-millis");
    List<DataFile> files = new ArrayList<>();
    for (JsonNode node : json.array(root, "data-files")) {
      ContentFile<?> file = json.parse("data-files", () -> ContentFileParser.fromJson(node, specs));
      if (!(file instanceof DataFile dataFile)) {
        throw json.invalid("field 'data-files' holds %s, which is not a data file", file.location());
      }
      files.add(dataFile);
    }
    return new RewriteTaskOutput(files, inputRows, outputRows, outputBytes, elapsed);
  }

  private static byte[] checkEncoding(TaskJson json, String expected, String encoding, byte[] bytes) {
    if (!expected.equals(encoding)) {
      throw json.invalid("encoding '%s' (this optimizer reads %s)", encoding, expected);
    }
    return bytes;
  }

  private static void checkEmbeddedEncoding(TaskJson json, JsonNode root, String expected) {
    String embedded = json.text(root, "encoding");
    if (!expected.equals(embedded)) {
      throw json.invalid("field 'encoding' is '%s', expected '%s'", embedded, expected);
    }
  }

  /**
   * The specs a task needs to parse its files: the output spec, the spec of every data file, and for
   * a delete file written under a spec no data file uses (an unpartitioned, global equality delete)
   * an unpartitioned spec of that id; only the partition type of a delete matters to the executor.
   */
  private static Map<Integer, PartitionSpec> specsOf(RewriteTaskInput input) {
    Map<Integer, PartitionSpec> specs = new TreeMap<>();
    addSpec(specs, input.outputSpec(), input);
    for (FileScanTask task : input.files()) {
      PartitionSpec spec = task.spec();
      checkArgument(spec != null && spec.specId() == task.file().specId(),
          "Invalid rewrite task of %s: the spec of %s does not match its spec id %s",
          input.table(), task.file().location(), task.file().specId());
      addSpec(specs, spec, input);
    }
    for (FileScanTask task : input.files()) {
      for (DeleteFile delete : task.deletes()) {
        if (!specs.containsKey(delete.specId())) {
          checkArgument(delete.partition() == null || delete.partition().size() == 0,
              "Invalid rewrite task of %s: delete file %s has partition spec %s, which no data file of the task uses",
              input.table(), delete.location(), delete.specId());
          specs.put(delete.specId(), PartitionSpec.builderFor(input.schema()).withSpecId(delete.specId()).build());
        }
      }
    }
    return specs;
  }

  private static void addSpec(Map<Integer, PartitionSpec> specs, PartitionSpec spec, RewriteTaskInput input) {
    PartitionSpec known = specs.putIfAbsent(spec.specId(), spec);
    checkArgument(known == null || known.equals(spec),
        "Invalid rewrite task of %s: two different partition specs have id %s: %s and %s",
        input.table(), spec.specId(), known, spec);
  }

  /**
   * A spec with the id and partition type of an output file. ContentFileParser needs a spec only to
   * know how to write the partition tuple (by partition field id); the output record does not carry
   * the table's specs, but a file's partition data knows its own type, and identity fields with the
   * same field ids over columns of the same types give the same tuple. Decoding uses the table's
   * real specs.
   */
  private static PartitionSpec partitionTypeSpec(DataFile file) {
    if (file.partition() == null || file.partition().size() == 0) {
      return PartitionSpec.builderFor(new Schema()).withSpecId(file.specId()).build();
    }
    checkArgument(file.partition() instanceof PartitionData,
        "Invalid rewrite task output: partition of %s is a %s, not Iceberg PartitionData",
        file.location(), file.partition().getClass().getName());
    List<Types.NestedField> partitionFields = ((PartitionData) file.partition()).getPartitionType().fields();
    List<Types.NestedField> columns = new ArrayList<>();
    ObjectNode spec = JsonNodeFactory.instance.objectNode().put("spec-id", file.specId());
    ArrayNode fields = spec.putArray("fields");
    for (int i = 0; i < partitionFields.size(); i++) {
      Types.NestedField field = partitionFields.get(i);
      columns.add(Types.NestedField.optional(i + 1, "__partition_source_" + i, field.type()));
      fields.addObject().put("name", field.name()).put("transform", "identity").put("source-id", i + 1)
          .put("field-id", field.fieldId());
    }
    return PartitionSpecParser.fromJson(new Schema(columns), spec.toString());
  }

  private interface JsonBody {
    void write(JsonGenerator generator) throws IOException;
  }

  private static byte[] write(JsonBody body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator generator = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
      generator.writeStartObject();
      body.write(generator);
      generator.writeEndObject();
    } catch (IOException e) {
      // Writing to memory only fails on a bug, never on input.
      throw new UncheckedIOException("Cannot write a rewrite task document", e);
    }
    return bytes.toByteArray();
  }
}
