package io.lakeward.terminal.script;

/**
 * Where the execution of a script is. It ends FINISHED when every statement succeeded, FAILED when any
 * statement failed, and CANCELED when it was cancelled before all statements ran (with none failed).
 */
public enum ExecutionStatus {
  RUNNING,
  FINISHED,
  FAILED,
  CANCELED
}
