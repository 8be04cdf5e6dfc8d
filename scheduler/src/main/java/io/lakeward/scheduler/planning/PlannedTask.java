package io.lakeward.scheduler.planning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;

/**
 * One unit of rewrite work: data files of one partition, each with exactly the delete files that
 * apply to it (as scan planning matched them by sequence number), to be written back as new files.
 */
public record PlannedTask(int specId, String partition, List<FileScanTask> files) {
  public PlannedTask {
    files = List.copyOf(files);
  }

  public List<DataFile> dataFiles() {
    return files.stream().map(FileScanTask::file).toList();
  }

  /** The distinct delete files the task applies. */
  public List<DeleteFile> deleteFiles() {
    Map<String, DeleteFile> deletes = new LinkedHashMap<>();
    files.forEach(t -> t.deletes().forEach(d -> deletes.putIfAbsent(d.location(), d)));
    return List.copyOf(deletes.values());
  }

  public long inputBytes() {
    return dataBytes() + deleteFiles().stream().mapToLong(DeleteFile::fileSizeInBytes).sum();
  }

  public long dataBytes() {
    return files.stream().mapToLong(t -> t.file().fileSizeInBytes()).sum();
  }
}
