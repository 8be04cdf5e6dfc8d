package io.lakeward.terminal;

import io.lakeward.terminal.backend.CatalogBinding;
import io.lakeward.terminal.backend.StatementResult;
import io.lakeward.terminal.backend.TerminalBackend;
import io.lakeward.terminal.backend.TerminalException;
import io.lakeward.terminal.backend.TerminalSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory backend for tests of the terminal's own logic (scripts, sessions, cancel), whose sessions
 * understand a tiny language: {@code ROWS n} returns n rows, {@code FAIL message} fails, {@code BLOCK}
 * runs until cancelled, {@code SET k=v} and {@code GET k} keep per-session state, {@code CATALOG} returns
 * the current catalog. Every statement run is recorded per user.
 */
final class ScriptedBackend implements TerminalBackend {
  final AtomicInteger opened = new AtomicInteger();
  final AtomicInteger closedSessions = new AtomicInteger();
  final Map<String, List<String>> executed = new ConcurrentHashMap<>();
  final CountDownLatch blocking = new CountDownLatch(1);
  volatile String failOpen;
  volatile boolean closed;

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public TerminalSession open(String user, CatalogBinding catalog) throws TerminalException {
    if (failOpen != null) {
      throw new TerminalException(failOpen);
    }
    opened.incrementAndGet();
    Session session = new Session(user);
    session.useCatalog(catalog);
    return session;
  }

  @Override
  public void close() {
    closed = true;
  }

  private final class Session implements TerminalSession {
    private final String user;
    private final Map<String, String> settings = new HashMap<>();
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private String catalog;
    private volatile boolean open = true;

    Session(String user) {
      this.user = user;
    }

    @Override
    public void useCatalog(CatalogBinding binding) {
      catalog = binding.catalog();
    }

    @Override
    public StatementResult execute(String sql, int maxRows) throws TerminalException {
      executed.computeIfAbsent(user, u -> new ArrayList<>()).add(sql);
      String[] words = sql.split("\\s+", 2);
      switch (words[0]) {
        case "ROWS" -> {
          int n = Integer.parseInt(words[1]);
          List<List<Object>> rows = new ArrayList<>();
          for (int i = 0; i < Math.min(n, maxRows); i++) {
            rows.add(List.of(i));
          }
          return new StatementResult(List.of("n"), rows, n > maxRows);
        }
        case "FAIL" -> throw new TerminalException(words[1]);
        case "BLOCK" -> {
          blocking.countDown();
          try {
            if (!cancelled.await(30, TimeUnit.SECONDS)) {
              throw new TerminalException("never cancelled");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new TerminalException("Query was cancelled");
        }
        case "SET" -> {
          String[] pair = words[1].split("=", 2);
          settings.put(pair[0], pair[1]);
          return StatementResult.empty();
        }
        case "GET" -> {
          List<Object> row = new ArrayList<>();
          row.add(settings.get(words[1]));
          return new StatementResult(List.of("value"), List.of(row), false);
        }
        case "CATALOG" -> {
          return new StatementResult(List.of("catalog"), List.of(List.of(catalog)), false);
        }
        default -> throw new TerminalException("Unknown statement: " + sql);
      }
    }

    @Override
    public void cancel() {
      cancelled.countDown();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
      cancelled.countDown();
      closedSessions.incrementAndGet();
    }
  }
}
