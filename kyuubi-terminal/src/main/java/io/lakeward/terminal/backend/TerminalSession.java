package io.lakeward.terminal.backend;

/**
 * One engine session of a terminal session: statements run one at a time, in the order given, and
 * see the settings earlier statements made. Only {@link #cancel()} and {@link #close()} may be called
 * from another thread while a statement runs.
 */
public interface TerminalSession extends AutoCloseable {

  /**
   * Registers the catalog in this session unless it already is, and makes it the current catalog
   * unless it already is (which keeps the current database the user chose).
   *
   * @throws TerminalException when a registration statement fails
   */
  void useCatalog(CatalogBinding catalog) throws TerminalException;

  /**
   * Runs one statement and fetches its result incrementally, in batches, stopping after
   * {@code maxRows} rows: a larger result is never fetched whole. Blocks until the statement ends.
   *
   * @param maxRows most rows returned, at least 1; the result says whether more existed
   * @throws TerminalException when the statement fails or is cancelled; the message is the engine's
   *     error without its stack trace
   */
  StatementResult execute(String sql, int maxRows) throws TerminalException;

  /**
   * Interrupts the statement running now (the engine stops its work, not just the next statement);
   * returns once the statement ended or the engine took the request. Does nothing when idle.
   */
  void cancel();

  /** False once the engine session is gone (closed, or its connection lost); it cannot run statements then. */
  boolean isOpen();

  /** Closes the engine session, interrupting a running statement. */
  @Override
  void close();
}
