package io.lakeward.terminal.script;

/** Where one statement of a script is: not started, running, or ended one of three ways. */
public enum StatementStatus {
  PENDING,
  RUNNING,
  SUCCESS,
  FAILED,
  /** Interrupted by a cancel, or never run: the script was cancelled or stopped at an earlier failure. */
  CANCELED;

  public boolean isEnded() {
    return this == SUCCESS || this == FAILED || this == CANCELED;
  }
}
