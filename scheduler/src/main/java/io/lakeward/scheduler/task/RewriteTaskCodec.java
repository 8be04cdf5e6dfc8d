package io.lakeward.scheduler.task;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;

/** STUB until the executor branch lands. */
public final class RewriteTaskCodec {
  public static final String INPUT_ENCODING = "lakeward-rewrite-input-v1";
  public static final String OUTPUT_ENCODING = "lakeward-rewrite-output-v1";

  public static byte[] encodeInput(RewriteTaskInput input) {
    throw new UnsupportedOperationException();
  }

  public static RewriteTaskInput decodeInput(String encoding, byte[] bytes) {
    throw new UnsupportedOperationException();
  }

  public static byte[] encodeOutput(RewriteTaskOutput output) {
    throw new UnsupportedOperationException();
  }

  public static RewriteTaskOutput decodeOutput(String encoding, byte[] bytes, Map<Integer, PartitionSpec> specs) {
    throw new UnsupportedOperationException();
  }
}
