package io.lakeward.terminal.cli;

import java.util.List;

/** What {@link RemoteSession} reports while it follows an execution; each call comes from the running thread, in order. */
interface RunListener {
  /** A statement reached SUCCESS, FAILED or CANCELED; called once per statement, in script order. */
  void statementFinished(AmsStatement statement, int position, int total);

  /** Log lines the AMS added since the last call. */
  void logs(List<String> lines);

  /** The execution reached a terminal state; every finished statement was reported before. */
  void executionFinished(AmsExecution execution);
}
