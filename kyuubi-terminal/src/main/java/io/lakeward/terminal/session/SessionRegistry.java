package io.lakeward.terminal.session;

import static java.util.Objects.requireNonNull;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.NotFoundException;
import io.lakeward.terminal.backend.TerminalBackend;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The open terminal sessions, each owned by one user. A user sees and reuses only their own sessions:
 * another user's session id is answered as unknown.
 */
public final class SessionRegistry {
  private final TerminalBackend backend;
  private final int maxSessions;
  private final Clock clock;
  private final Map<String, UserSession> sessions = new LinkedHashMap<>();

  public SessionRegistry(TerminalBackend backend, int maxSessions, Clock clock) {
    this.backend = requireNonNull(backend, "backend is null");
    this.maxSessions = maxSessions;
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** A new session for the user; 409 when ams.terminal.max-sessions are open. */
  public synchronized UserSession create(String user) {
    if (sessions.size() >= maxSessions) {
      throw new ConflictException(ErrorCode.CONFLICT, "Cannot open a terminal session: " + maxSessions
          + " sessions are open (ams.terminal.max-sessions); close one or wait for idle ones to expire");
    }
    UserSession session = new UserSession(UUID.randomUUID().toString(), user, backend, clock);
    sessions.put(session.id(), session);
    return session;
  }

  /** The user's session with this id; 404 when there is none (or it belongs to someone else). */
  public synchronized UserSession find(String id, String user) {
    UserSession session = sessions.get(id);
    if (session == null || !session.user().equals(user)) {
      throw noSuchSession(id);
    }
    return session;
  }

  /** Removes the session with this id (whoever owns it); 404 when there is none. */
  public synchronized UserSession remove(String id) {
    UserSession session = sessions.remove(id);
    if (session == null) {
      throw noSuchSession(id);
    }
    return session;
  }

  public synchronized List<UserSession> of(String user) {
    return sessions.values().stream().filter(s -> s.user().equals(user))
        .sorted(Comparator.comparingLong(s -> s.view().createdAt())).toList();
  }

  /** Removes and returns the sessions idle since before the cutoff. */
  public synchronized List<UserSession> removeIdle(long cutoffMillis) {
    List<UserSession> idle = new ArrayList<>();
    sessions.values().removeIf(session -> {
      boolean expired = session.idleSince(cutoffMillis);
      if (expired) {
        idle.add(session);
      }
      return expired;
    });
    return idle;
  }

  public synchronized List<UserSession> removeAll() {
    List<UserSession> all = new ArrayList<>(sessions.values());
    sessions.clear();
    return all;
  }

  private static NotFoundException noSuchSession(String id) {
    return new NotFoundException(ErrorCode.NO_SUCH_OBJECT, "Terminal session does not exist: " + id);
  }
}
