package io.lakeward.terminal.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints results to stdout in the chosen format and problems to stderr. Table and CSV output print each statement's
 * result as soon as it finishes; JSON prints one document when the execution ends. Failed and canceled statements
 * are reported on stderr in every format (and are in the JSON document too).
 */
final class ResultPrinter implements RunListener {
  private static final int SQL_IN_ERRORS = 200;

  private final OutputFormat format;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean verbose;
  private final ObjectMapper json = TerminalClient.mapper();
  private boolean csvResultPrinted;
  /** A statement of the current run failed or was canceled: the AMS cancels the rest without running them. */
  private boolean runStopped;

  ResultPrinter(OutputFormat format, PrintStream out, PrintStream err, boolean verbose) {
    this.format = requireNonNull(format, "format is null");
    this.out = requireNonNull(out, "out is null");
    this.err = requireNonNull(err, "err is null");
    this.verbose = verbose;
  }

  @Override
  public void statementFinished(AmsStatement statement, int position, int total) {
    switch (statement.status()) {
      case SUCCESS -> printResult(statement);
      case FAILED -> err.println("ERROR in statement " + position + " of " + total + ": "
          + (statement.error() == null ? "failed without a message" : statement.error())
          + "\n  in: " + sqlForErrors(statement.sql()));
      case CANCELED -> err.println("Statement " + position + " of " + total + (runStopped ? " not run: " : " canceled: ")
          + sqlForErrors(statement.sql()));
      default -> throw new IllegalStateException("Statement not finished: " + statement.status());
    }
    runStopped |= statement.status() != AmsStatement.Status.SUCCESS;
    out.flush();
    err.flush();
  }

  @Override
  public void logs(List<String> lines) {
    if (verbose) {
      lines.forEach(line -> err.println("[ams] " + line));
    }
  }

  @Override
  public void executionFinished(AmsExecution execution) {
    runStopped = false;
    long notRun = execution.statements().stream().filter(s -> !s.status().isTerminal()).count();
    boolean statementFailed = execution.statements().stream()
        .anyMatch(s -> s.status() == AmsStatement.Status.FAILED || s.status() == AmsStatement.Status.CANCELED);
    if (execution.status() == AmsExecution.Status.FAILED && !statementFailed) {
      // Failed outside any statement (session or engine start-up): the logs are all there is to say why.
      err.println("ERROR: the execution failed" + (execution.logs().isEmpty() ? "" : ":"));
      if (!verbose) {
        execution.logs().stream().skip(Math.max(0, execution.logs().size() - 20)).forEach(l -> err.println("  " + l));
      }
    }
    if (notRun > 0) {
      err.println(notRun + (notRun == 1 ? " statement was" : " statements were") + " not run.");
    }
    if (format == OutputFormat.JSON) {
      out.println(document(execution));
    }
    out.flush();
    err.flush();
  }

  private void printResult(AmsStatement statement) {
    switch (format) {
      case TABLE -> {
        if (statement.hasResultSet()) {
          out.print(TableFormatter.format(statement.columns(), statement.rows()));
          int rows = statement.rows().size();
          out.println(rows + (rows == 1 ? " row" : " rows") + duration(statement)
              + (statement.truncated() ? " (truncated at " + rows + " rows)" : ""));
        } else {
          out.println("OK" + duration(statement));
        }
      }
      case CSV -> {
        if (statement.hasResultSet()) {
          // Several result sets in one run: an empty line between them, as no CSV record is empty.
          out.print((csvResultPrinted ? "\n" : "") + CsvFormatter.format(statement.columns(), statement.rows()));
          csvResultPrinted = true;
        }
      }
      case JSON -> { }
      default -> throw new IllegalStateException("Unknown format " + format);
    }
  }

  /** The JSON document of a run: the execution and its statements with their results, without the server logs. */
  String document(AmsExecution execution) {
    ObjectNode doc = json.createObjectNode();
    doc.put("execution-id", execution.executionId());
    doc.put("session-id", execution.sessionId());
    doc.put("catalog", execution.catalog());
    doc.put("status", execution.status().name());
    ArrayNode statements = doc.putArray("statements");
    for (AmsStatement statement : execution.statements()) {
      ObjectNode node = statements.addObject();
      node.put("index", statement.index());
      node.put("sql", statement.sql());
      node.put("status", statement.status().name());
      node.put("duration-ms", statement.durationMs());
      node.put("row-count", statement.rowCount());
      node.put("truncated", statement.truncated());
      node.set("columns", json.valueToTree(statement.columns()));
      node.set("rows", json.valueToTree(statement.rows()));
      if (statement.error() != null) {
        node.put("error", statement.error());
      }
    }
    try {
      return json.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the JSON result document", e);
    }
  }

  private static String duration(AmsStatement statement) {
    return statement.durationMs() == null ? "" : String.format(Locale.ROOT, " (%.2f s)", statement.durationMs() / 1000.0);
  }

  private static String sqlForErrors(String sql) {
    if (sql == null) {
      return "";
    }
    String oneLine = sql.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= SQL_IN_ERRORS ? oneLine : oneLine.substring(0, SQL_IN_ERRORS - 3) + "...";
  }
}
