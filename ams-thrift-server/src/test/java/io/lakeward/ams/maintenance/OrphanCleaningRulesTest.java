package io.lakeward.ams.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.common.exceptions.InvalidInputException;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.iceberg.SnapshotParser;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableMetadata;
import org.junit.jupiter.api.Test;

/**
 * The rules of orphan cleaning that need no server: recognising a file however it is written,
 * where to look, which files are too young to judge, and the compact reference set.
 */
class OrphanCleaningRulesTest {

  @Test
  void oneFileHasOneKeyWhicheverWayItsLocationIsWritten() {
    String key = "/warehouse/db/t/data/a.parquet";
    assertThat(StoragePaths.key("file:/warehouse/db/t/data/a.parquet")).isEqualTo(key);
    assertThat(StoragePaths.key("file:///warehouse/db/t/data/a.parquet")).isEqualTo(key);
    assertThat(StoragePaths.key("/warehouse/db/t/data/a.parquet")).isEqualTo(key);
    assertThat(StoragePaths.key("file://localhost/warehouse/db/t/data/a.parquet")).isEqualTo(key);
    assertThat(StoragePaths.key("file:/warehouse//db/t/data/a.parquet/")).isEqualTo(key);
    assertThat(StoragePaths.key("s3://bucket/warehouse/db/t/data/a.parquet")).isEqualTo(key);
    assertThat(StoragePaths.key("s3a://bucket/warehouse/db/t/data/a.parquet")).isEqualTo(key);
    assertThat(StoragePaths.key("hdfs://nn:8020/warehouse/db/t/data/a.parquet"))
        .isEqualTo(StoragePaths.key("hdfs://nn/warehouse/db/t/data/a.parquet")).isEqualTo(key);
    assertThat(StoragePaths.key("s3://bucket/warehouse/db/t/data/b.parquet")).isNotEqualTo(key);
    assertThat(StoragePaths.parse("s3a://Bucket/x")).isEqualTo(StoragePaths.parse("s3://bucket/x"));
    assertThat(StoragePaths.parse("hdfs://nn:8020/x")).isEqualTo(StoragePaths.parse("hdfs://nn/x"));
  }

  @Test
  void onlyWhatLiesBelowARootOnTheSameStorageIsBelowIt() {
    assertThat(below("file:///t/data", "file:/t/data/a.parquet")).isTrue();
    assertThat(below("s3://b/t/data", "s3a://b/t/data/p=1/a.parquet")).isTrue();
    assertThat(below("hdfs://nn/t/data", "hdfs://nn:8020/t/data/a.parquet")).isTrue();
    assertThat(below("/t/data", "hdfs://nn:8020/t/data/a.parquet")).as("a plain root is the default file system")
        .isTrue();
    assertThat(below("s3://b/t/data", "s3://b/t/data")).isFalse();
    assertThat(below("s3://b/t/data", "s3://b/t/data2/a.parquet")).isFalse();
    assertThat(below("s3://b/t/data", "s3://b/t/a.parquet")).isFalse();
    assertThat(below("s3://b/t/data", "s3://other/t/data/a.parquet")).as("another bucket").isFalse();
    assertThat(below("s3://b/t/data", "gs://b/t/data/a.parquet")).as("another storage").isFalse();
    assertThat(hidden("/t/data", "/t/data/_temporary/0/a.parquet")).isTrue();
    assertThat(hidden("/t/data", "/t/data/p=1/.a.parquet.crc")).isTrue();
    assertThat(hidden("/t/data", "/t/data/_bucket=3/a.parquet")).isFalse();
    assertThat(hidden("/_t/data", "/_t/data/a.parquet")).as("only below the root counts").isFalse();
    assertThat(StoragePaths.parse("s3://bucket/").depth()).isZero();
    assertThat(StoragePaths.parse("s3://bucket/t").depth()).isEqualTo(1);
  }

  @Test
  void aTableIsCleanedInItsDataAndMetadataLocationsListedOnce() {
    TableLocations plain = TableLocations.of(metadata("s3://bucket/db/t", Map.of()));
    assertThat(plain.roots()).containsExactly("s3://bucket/db/t/data", "s3://bucket/db/t/metadata");
    assertThat(plain.isMetadata(StoragePaths.parse("s3a://bucket/db/t/metadata/v1.metadata.json"))).isTrue();
    assertThat(plain.rootOf(StoragePaths.parse("s3://bucket/db/t/other/x"))).isNull();

    TableLocations custom = TableLocations.of(metadata("s3://bucket/db/t",
        Map.of("write.data.path", "s3://data-bucket/t/", "write.metadata.path", "s3://meta-bucket/t/meta")));
    assertThat(custom.roots()).containsExactly("s3://data-bucket/t", "s3://meta-bucket/t/meta");

    TableLocations nested = TableLocations.of(metadata("s3://bucket/db/t", Map.of("write.data.path", "s3://bucket/db/t")));
    assertThat(nested.roots()).as("the metadata location lies in the data location").containsExactly("s3://bucket/db/t");
    assertThat(nested.isMetadata(StoragePaths.parse("s3://bucket/db/t/metadata/x.avro"))).isTrue();

    assertThatThrownBy(() -> TableLocations.of(metadata("s3://bucket/db/t", Map.of("write.data.path", "s3://bucket/"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("root of a storage");
  }

  @Test
  void theCutoffKeepsFilesACommitInFlightMayHaveWritten() {
    TableMetadata table = metadata("s3://bucket/db/t", Map.of());
    long lastCommit = table.lastUpdatedMillis();
    long day = 86_400_000L;
    assertThat(OrphanFileCleaning.cutoff(lastCommit + day, 2880, table, Set.of(), "t"))
        .as("the minimum age decides when the last commit is older").isEqualTo(lastCommit - day);
    assertThat(OrphanFileCleaning.cutoff(lastCommit + 10 * day, 2880, table, Set.of(), "t"))
        .as("files written after the last commit may belong to the next").isEqualTo(lastCommit - 60_000);
    assertThat(OrphanFileCleaning.cutoff(lastCommit + 10 * day, 0, table, Set.of(), "t")).isEqualTo(lastCommit - 60_000);
    assertThat(OrphanFileCleaning.cutoff(lastCommit, Long.MAX_VALUE, table, Set.of(), "t"))
        .as("a huge minimum age keeps everything instead of overflowing").isNegative();

    TableMetadata planned = TableMetadata.buildFrom(table).addSnapshot(SnapshotParser.fromJson(
        "{\"snapshot-id\": 7, \"sequence-number\": 1, \"timestamp-ms\": " + (lastCommit - 3 * day) + ", "
            + "\"manifest-list\": \"s3://bucket/db/t/metadata/snap-7.avro\", \"summary\": {\"operation\": \"append\"}}"))
        .build();
    assertThat(OrphanFileCleaning.cutoff(lastCommit + 10 * day, 0, planned, Set.of(7L), "t"))
        .as("an optimizing process planned from snapshot 7 may be writing its output since")
        .isEqualTo(lastCommit - 3 * day - 60_000);
    assertThatThrownBy(() -> OrphanFileCleaning.cutoff(lastCommit, 0, planned, Set.of(8L), "t"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("snapshot 8");
  }

  @Test
  void theHashSetHoldsPathsCompactlyAndForgetsNone() {
    PathHashSet set = new PathHashSet(16);
    int count = 100_000;
    for (int i = 0; i < count; i++) {
      assertThat(set.add("/warehouse/db/t/data/part-" + i + ".parquet")).isTrue();
    }
    assertThat(set.add("/warehouse/db/t/data/part-7.parquet")).isFalse();
    assertThat(set.size()).isEqualTo(count);
    for (int i = 0; i < count; i++) {
      assertThat(set.contains("/warehouse/db/t/data/part-" + i + ".parquet")).isTrue();
    }
    Random random = new Random(7);
    for (int i = 0; i < 50_000; i++) {
      assertThat(set.contains("/warehouse/db/t/data/other-" + random.nextLong() + ".parquet")).isFalse();
    }
    // 16 bytes a slot, at most half full: 100,000 paths in 4 MiB rather than ~20 MiB of Strings in a HashSet.
    assertThat(set.footprintBytes()).isLessThanOrEqualTo(count * 16L * 4);
  }

  private static boolean below(String root, String file) {
    return StoragePaths.parse(file).isBelow(StoragePaths.parse(root));
  }

  private static boolean hidden(String root, String file) {
    return StoragePaths.parse(file).isHiddenBelow(StoragePaths.parse(root));
  }

  private static TableMetadata metadata(String location, Map<String, String> properties) {
    return TableMetadata.newTableMetadata(OrphanCleaningTables.SCHEMA, OrphanCleaningTables.SPEC,
        SortOrder.unsorted(), location, properties);
  }
}
