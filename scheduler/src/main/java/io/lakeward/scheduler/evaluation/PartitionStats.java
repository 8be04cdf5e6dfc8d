package io.lakeward.scheduler.evaluation;

/**
 * What one partition holds, by file class: fragments (size at most target/fragment-ratio),
 * undersized segments (below target * min-target-size-ratio), full files, and the distinct delete
 * files that apply to its data.
 */
public record PartitionStats(
    int specId,
    String partition,
    int fragmentFiles,
    long fragmentBytes,
    int undersizedFiles,
    long undersizedBytes,
    int fullFiles,
    long fullBytes,
    int equalityDeleteFiles,
    int positionDeleteFiles,
    int heavilyDeletedFiles,
    long records) {

  public int dataFiles() {
    return fragmentFiles + undersizedFiles + fullFiles;
  }

  public long dataBytes() {
    return fragmentBytes + undersizedBytes + fullBytes;
  }
}
