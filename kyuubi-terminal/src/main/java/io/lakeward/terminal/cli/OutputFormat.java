package io.lakeward.terminal.cli;

/** How results go to stdout: {@code --output table|csv|json}. */
public enum OutputFormat {
  /** An aligned table per result set, with a row-count line: for people. */
  TABLE,
  /** RFC 4180 CSV per result set (header line first), result sets separated by an empty line: for tools. */
  CSV,
  /** One JSON document for the whole run (or per submission in interactive mode): for programs. */
  JSON
}
