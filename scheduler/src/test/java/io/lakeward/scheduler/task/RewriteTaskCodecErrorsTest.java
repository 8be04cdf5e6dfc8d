package io.lakeward.scheduler.task;

import static io.lakeward.scheduler.task.TaskFixtures.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a payload can be wrong ends in InvalidInputException naming what is wrong. */
class RewriteTaskCodecErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Table table;
  private byte[] input;
  private byte[] output;

  @BeforeEach
  void encodeValidTask() {
    table = TaskFixtures.table(dir, PartitionSpec.builderFor(SCHEMA).identity("region").build());
    table.newFastAppend().appendFile(TaskFixtures.dataFile(table, "region=eu", 10)).commit();
    table.newRowDelta().addDeletes(TaskFixtures.equalityDeletes(table, "region=eu")).commit();
    input = RewriteTaskCodec.encodeInput(TaskFixtures.input(table, TaskFixtures.planFiles(table), false));
    output = RewriteTaskCodec.encodeOutput(
        new RewriteTaskOutput(List.of(TaskFixtures.dataFile(table, "region=eu", 9)), 10, 9, 100, 5));
  }

  @Test
  void unknownEncodingIsRefused() {
    assertInvalid(() -> RewriteTaskCodec.decodeInput("lakeward-rewrite-input-v9", input))
        .hasMessage("Invalid rewrite task input: encoding 'lakeward-rewrite-input-v9' (this optimizer reads lakeward-rewrite-input-v1)");
    assertInvalid(() -> RewriteTaskCodec.decodeInput(null, input)).hasMessageContaining("encoding 'null'");
    assertInvalid(() -> RewriteTaskCodec.decodeOutput(RewriteTaskCodec.INPUT_ENCODING, output, table.specs()))
        .hasMessageStartingWith("Invalid rewrite task output: encoding 'lakeward-rewrite-input-v1'");
  }

  @Test
  void embeddedEncodingMustMatch() throws Exception {
    assertInvalid(() -> decodeInput(doc -> doc.put("encoding", "lakeward-rewrite-input-v2")))
        .hasMessage("Invalid rewrite task input: field 'encoding' is 'lakeward-rewrite-input-v2', expected 'lakeward-rewrite-input-v1'");
  }

  @Test
  void garbageTruncatedAndEmptyPayloadsAreRefused() {
    byte[] garbage = {0x00, (byte) 0xff, 0x13, 0x37, (byte) 0xac, 0x01};
    assertInvalid(() -> RewriteTaskCodec.decodeInput(RewriteTaskCodec.INPUT_ENCODING, garbage))
        .hasMessageStartingWith("Invalid rewrite task input: not a complete JSON document");
    byte[] truncated = Arrays.copyOf(input, input.length / 2);
    assertInvalid(() -> RewriteTaskCodec.decodeInput(RewriteTaskCodec.INPUT_ENCODING, truncated))
        .hasMessageStartingWith("Invalid rewrite task input: not a complete JSON document");
    byte[] trailing = (new String(input, StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8);
    assertInvalid(() -> RewriteTaskCodec.decodeInput(RewriteTaskCodec.INPUT_ENCODING, trailing))
        .hasMessageStartingWith("Invalid rewrite task input: not a complete JSON document");
    assertInvalid(() -> RewriteTaskCodec.decodeInput(RewriteTaskCodec.INPUT_ENCODING, new byte[0]))
        .hasMessage("Invalid rewrite task input: empty payload");
    assertInvalid(() -> RewriteTaskCodec.decodeInput(RewriteTaskCodec.INPUT_ENCODING, null))
        .hasMessage("Invalid rewrite task input: empty payload");
    assertInvalid(() -> RewriteTaskCodec.decodeInput(RewriteTaskCodec.INPUT_ENCODING, "[1, 2]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("Invalid rewrite task input: expected a JSON object, got ARRAY");
    byte[] truncatedOutput = Arrays.copyOf(output, output.length - 3);
    assertInvalid(() -> RewriteTaskCodec.decodeOutput(RewriteTaskCodec.OUTPUT_ENCODING, truncatedOutput, table.specs()))
        .hasMessageStartingWith("Invalid rewrite task output: not a complete JSON document");
  }

  @ParameterizedTest
  @ValueSource(strings = {"encoding", "table", "table-location", "table-properties", "schema", "specs", "output-spec-id",
      "sort-order", "sort", "target-file-size-bytes", "file-name-prefix", "delete-files", "files"})
  void missingInputFieldIsNamed(String field) {
    assertInvalid(() -> decodeInput(doc -> doc.remove(field)))
        .hasMessage("Invalid rewrite task input: missing field '" + field + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"encoding", "input-rows", "output-rows", "output-bytes", "elapsed-millis", "data-files"})
  void missingOutputFieldIsNamed(String field) {
    assertInvalid(() -> decodeOutput(doc -> doc.remove(field)))
        .hasMessage("Invalid rewrite task output: missing field '" + field + "'");
  }

  @Test
  void mistypedFieldsAreNamed() {
    assertInvalid(() -> decodeInput(doc -> doc.put("sort", "yes")))
        .hasMessage("Invalid rewrite task input: field 'sort' must be true or false, got \"yes\"");
    assertInvalid(() -> decodeInput(doc -> doc.put("target-file-size-bytes", "big")))
        .hasMessage("Invalid rewrite task input: field 'target-file-size-bytes' must be an integer, got \"big\"");
    assertInvalid(() -> decodeInput(doc -> doc.put("output-spec-id", 1.5)))
        .hasMessage("Invalid rewrite task input: field 'output-spec-id' must be a 32-bit integer, got 1.5");
    assertInvalid(() -> decodeInput(doc -> doc.put("schema", 5)))
        .hasMessage("Invalid rewrite task input: field 'schema' must be an object, got NUMBER");
    assertInvalid(() -> decodeInput(doc -> doc.put("files", "all")))
        .hasMessage("Invalid rewrite task input: field 'files' must be an array, got STRING");
    assertInvalid(() -> decodeInput(doc -> doc.with("table-properties").put("write.format.default", 3)))
        .hasMessage("Invalid rewrite task input: table property 'write.format.default' must be a string, got NUMBER");
    assertInvalid(() -> decodeOutput(doc -> doc.put("output-rows", -1)))
        .hasMessageStartingWith("Invalid rewrite task output: negative counter");
  }

  @Test
  void valuesIcebergRejectsAreNamedByField() {
    assertInvalid(() -> decodeInput(doc -> doc.with("schema").put("type", "list")))
        .hasMessageStartingWith("Invalid rewrite task input: field 'schema': ");
    assertInvalid(() -> decodeInput(doc -> doc.withArray("specs").insertObject(0).putArray("fields").addObject()
            .put("name", "x").put("transform", "no-such-transform").put("source-id", 1).put("field-id", 1001)))
        .hasMessageStartingWith("Invalid rewrite task input: field 'specs': ");
    assertInvalid(() -> decodeInput(doc -> ((ObjectNode) doc.withArray("files").get(0).get("data-file")).remove("file-path")))
        .hasMessageStartingWith("Invalid rewrite task input: field 'files': ").hasMessageContaining("file-path");
    assertInvalid(() -> decodeInput(doc -> ((ObjectNode) doc.withArray("files").get(0).get("data-file")).put("spec-id", 77)))
        .hasMessageStartingWith("Invalid rewrite task input: field 'files': ").hasMessageContaining("77");
    assertInvalid(() -> decodeInput(doc -> doc.put("output-spec-id", 5)))
        .hasMessageStartingWith("Invalid rewrite task input: field 'output-spec-id' names spec 5, which is not in 'specs'");
    assertInvalid(() -> decodeInput(doc -> doc.with("sort-order").putArray("fields").addObject().put("transform", "identity")
            .put("source-id", 99).put("direction", "asc").put("null-order", "nulls-first")))
        .hasMessageStartingWith("Invalid rewrite task input: field 'sort-order': ");
  }

  @Test
  void wrongKindsOfFilesAndIndexesAreRefused() {
    assertInvalid(() -> decodeInput(doc -> ((ObjectNode) doc.withArray("files").get(0)).withArray("delete-file-indexes").add(7)))
        .hasMessageStartingWith("Invalid rewrite task input: delete file index 7 of ").hasMessageEndingWith("is out of range (1 delete files)");
    assertInvalid(() -> decodeInput(doc -> ((ObjectNode) doc.withArray("files").get(0))
            .set("data-file", doc.withArray("delete-files").get(0).deepCopy())))
        .hasMessageStartingWith("Invalid rewrite task input: field 'files' holds ").hasMessageEndingWith("which is not a data file");
    assertInvalid(() -> decodeInput(doc -> doc.withArray("delete-files").add(doc.withArray("files").get(0).get("data-file").deepCopy())))
        .hasMessageEndingWith("which is not a delete file");
    assertInvalid(() -> decodeInput(doc -> doc.withArray("files").removeAll()))
        .hasMessageStartingWith("Invalid rewrite task of ").hasMessageEndingWith(": no files");
    assertInvalid(() -> decodeInput(doc -> doc.put("file-name-prefix", "../escape")))
        .hasMessageStartingWith("Invalid rewrite task of ").hasMessageContaining("file name prefix '../escape'");
    assertInvalid(() -> decodeInput(doc -> doc.put("target-file-size-bytes", 0)))
        .hasMessageContaining("target file size 0 bytes");
    assertInvalid(() -> decodeOutput(doc -> ((ObjectNode) doc.withArray("data-files").get(0)).put("spec-id", 12)))
        .hasMessageStartingWith("Invalid rewrite task output: field 'data-files': ").hasMessageContaining("12");
    assertInvalid(() -> decodeOutput(doc -> ((ObjectNode) doc.withArray("data-files").get(0)).put("content", "EQUALITY_DELETES")))
        .hasMessageEndingWith("which is not a data file");
  }

  private Object decodeInput(Consumer<ObjectNode> change) throws Exception {
    ObjectNode document = (ObjectNode) JSON.readTree(input);
    change.accept(document);
    return RewriteTaskCodec.decodeInput(RewriteTaskCodec.INPUT_ENCODING, JSON.writeValueAsBytes(document));
  }

  private Object decodeOutput(Consumer<ObjectNode> change) throws Exception {
    ObjectNode document = (ObjectNode) JSON.readTree(output);
    change.accept(document);
    return RewriteTaskCodec.decodeOutput(RewriteTaskCodec.OUTPUT_ENCODING, JSON.writeValueAsBytes(document), table.specs());
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(ThrowingCallable call) {
    return assertThatThrownBy(call)
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
        .hasMessageStartingWith("Invalid ");
  }
}
