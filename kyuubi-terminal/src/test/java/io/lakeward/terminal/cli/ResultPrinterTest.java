package io.lakeward.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.LongNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reports that the fake server never provokes: executions that end with statements left pending. */
class ResultPrinterTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private ResultPrinter printer(OutputFormat format, boolean verbose) {
    return new ResultPrinter(format, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), verbose);
  }

  private static AmsStatement statement(int index, String sql, AmsStatement.Status status) {
    return new AmsStatement(index, sql, status, status == AmsStatement.Status.PENDING ? null : 5L, null, false,
        null, null, null);
  }

  @Test
  void anExecutionThatFailedOutsideItsStatementsShowsTheLastLogLinesAndWhatWasNotRun() {
    AmsExecution execution = new AmsExecution("e1", "s1", "lake", AmsExecution.Status.FAILED, LongNode.valueOf(1), null,
        List.of(statement(1, "CREATE TABLE t (a INT)", AmsStatement.Status.SUCCESS),
            statement(2, "SELECT 1", AmsStatement.Status.PENDING), statement(3, "SELECT 2", AmsStatement.Status.PENDING)),
        List.of("Opening an engine session", "Cannot connect to jdbc:hive2://10.0.0.1:10009/: connect timed out"));
    ResultPrinter printer = printer(OutputFormat.TABLE, false);
    printer.statementFinished(execution.statements().get(0), 1, 3);
    printer.executionFinished(execution);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("OK (0.01 s)\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("""
        ERROR: the execution failed:
          Opening an engine session
          Cannot connect to jdbc:hive2://10.0.0.1:10009/: connect timed out
        2 statements were not run.
        """);
    assertThat(execution.succeeded()).isFalse();
  }

  @Test
  void canceledStatementsAfterAFailureOrACancelWereNotRun() {
    ResultPrinter printer = printer(OutputFormat.CSV, false);
    printer.statementFinished(statement(1, "SELECT slow()", AmsStatement.Status.CANCELED), 1, 2);
    printer.statementFinished(statement(2, "SELECT   2\n  FROM t", AmsStatement.Status.CANCELED), 2, 2);
    printer.executionFinished(new AmsExecution("e", "s", "lake", AmsExecution.Status.CANCELED, null, null, List.of(), List.of()));
    printer.statementFinished(statement(1, "SELECT 3", AmsStatement.Status.CANCELED), 1, 1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("""
        Statement 1 of 2 canceled: SELECT slow()
        Statement 2 of 2 not run: SELECT 2 FROM t
        Statement 1 of 1 canceled: SELECT 3
        """);
  }
}
