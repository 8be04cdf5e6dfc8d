package io.lakeward.terminal.cli;

/** The exit statuses of {@code lakeward-sql}, part of its documented contract (scripts branch on them). */
public final class ExitCodes {
  /** Every statement succeeded (or the interactive session ended normally). */
  public static final int OK = 0;
  /** A statement failed or was canceled, or the AMS rejected the script (unknown catalog, script too large). */
  public static final int STATEMENT_FAILED = 1;
  /** Bad command-line arguments: nothing was sent to the AMS. */
  public static final int USAGE = 2;
  /** The AMS could not be reached, did not answer like an AMS, or refused the credentials. */
  public static final int AMS_UNAVAILABLE = 3;

  private ExitCodes() {}
}
