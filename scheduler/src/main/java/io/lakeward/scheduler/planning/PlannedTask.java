package io.lakeward.scheduler.planning;

import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;

/**
 * One unit of rewrite work: data files of one partition to read with the delete files that apply to
 * them, to be written back as new files of the same partition.
 */
public record PlannedTask(int specId, String partition, List<DataFile> dataFiles, List<DeleteFile> deleteFiles) {
  public PlannedTask {
    dataFiles = List.copyOf(dataFiles);
    deleteFiles = List.copyOf(deleteFiles);
  }

  public long inputBytes() {
    return dataFiles.stream().mapToLong(DataFile::fileSizeInBytes).sum()
        + deleteFiles.stream().mapToLong(DeleteFile::fileSizeInBytes).sum();
  }

  public long dataBytes() {
    return dataFiles.stream().mapToLong(DataFile::fileSizeInBytes).sum();
  }
}
