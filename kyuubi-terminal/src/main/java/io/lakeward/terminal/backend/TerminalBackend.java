package io.lakeward.terminal.backend;

/**
 * Where terminal statements run: an engine that speaks SQL and gives each terminal session a session of
 * its own. Implementations: {@code kyuubi} (a remote HiveServer2-protocol endpoint through the Kyuubi
 * JDBC driver) and {@code local} (a Spark Thrift Server the AMS runs as a child process).
 */
public interface TerminalBackend extends AutoCloseable {

  /** The name the configuration selects this backend by ({@code ams.terminal.backend}). */
  String name();

  /**
   * Opens an engine session for a user with a catalog registered and current, so that unqualified
   * names ({@code db.table}) resolve in it. Settings made in one session are never seen by another.
   *
   * @param user the owner of the terminal session, passed to the engine as its user unless the backend
   *     is configured with a user of its own
   * @throws TerminalException when the engine cannot be reached, refuses the session, or cannot
   *     register the catalog; the message says which and why, and nothing stays open
   */
  TerminalSession open(String user, CatalogBinding catalog) throws TerminalException;

  /** Closes what the backend holds (connections being opened, a server it started). */
  @Override
  void close();
}
