package io.lakeward.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.common.exceptions.NotFoundException;
import io.lakeward.terminal.backend.CatalogBinding;
import io.lakeward.terminal.script.ExecutionStatus;
import io.lakeward.terminal.script.ExecutionView;
import io.lakeward.terminal.script.StatementStatus;
import io.lakeward.terminal.script.StatementView;
import io.lakeward.terminal.session.SessionView;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The terminal's script, session and cancel logic on an in-memory backend; engines are tested in the AMS's ITs. */
class TerminalServiceTest {
  private static final CatalogLocator CATALOGS = name -> {
    if (!Set.of("lake", "other").contains(name)) {
      throw NotFoundException.of("Catalog does not exist: %s", name);
    }
    return CatalogBinding.icebergRest(name, "http://127.0.0.1:1630/api/iceberg/rest");
  };

  private final ScriptedBackend backend = new ScriptedBackend();
  private TerminalService service;

  @AfterEach
  void close() {
    if (service != null) {
      service.close();
    }
  }

  private TerminalService service(boolean stopOnError, int resultLimit, Duration timeout) {
    service = new TerminalService(backend, CATALOGS, new TerminalSettings(resultLimit, stopOnError, timeout, 1024, 3, 2),
        Clock.systemUTC());
    return service;
  }

  private ExecutionView await(String id) throws InterruptedException {
    return Polling.until(() -> service.execution(id), v -> v.status() != ExecutionStatus.RUNNING, 10);
  }

  private static List<StatementStatus> statuses(ExecutionView view) {
    return view.statements().stream().map(StatementView::status).toList();
  }

  @Test
  void runsStatementsInOrderWithResultsAndLogs() throws Exception {
    service(true, 5, Duration.ofMinutes(1));
    ExecutionView submitted = service.submit("alice", "lake", "ROWS 2; ROWS 5;\nROWS 9", null);
    assertThat(submitted.status()).isEqualTo(ExecutionStatus.RUNNING);
    ExecutionView done = await(submitted.executionId());
    assertThat(done.status()).isEqualTo(ExecutionStatus.FINISHED);
    assertThat(done.catalog()).isEqualTo("lake");
    assertThat(statuses(done)).containsExactly(StatementStatus.SUCCESS, StatementStatus.SUCCESS, StatementStatus.SUCCESS);
    assertThat(done.statements()).extracting(StatementView::index).containsExactly(1, 2, 3);
    assertThat(done.statements()).extracting(StatementView::rowCount).containsExactly(2, 5, 5);
    assertThat(done.statements()).extracting(StatementView::truncated).containsExactly(false, false, true);
    assertThat(done.statements().get(2).rows()).hasSize(5);
    assertThat(done.endedAt()).isNotNull();
    assertThat(String.join("\n", done.logs())).contains("statement 1/3 started: ROWS 2")
        .contains("statement 3/3 finished in").contains("(more rows not fetched)").contains("execution finished");
    assertThat(backend.executed.get("alice")).containsExactly("ROWS 2", "ROWS 5", "ROWS 9");
  }

  @Test
  void failedStatementStopsTheScriptWhenStopOnError() throws Exception {
    service(true, 10, Duration.ofMinutes(1));
    ExecutionView done = await(service.submit("alice", "lake", "ROWS 1; FAIL no such table: db.t; ROWS 2", null)
        .executionId());
    assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(statuses(done)).containsExactly(StatementStatus.SUCCESS, StatementStatus.FAILED, StatementStatus.CANCELED);
    assertThat(done.statements().get(1).error()).isEqualTo("no such table: db.t");
    assertThat(done.statements().get(2).error()).isNull();
    assertThat(backend.executed.get("alice")).containsExactly("ROWS 1", "FAIL no such table: db.t");
    assertThat(String.join("\n", done.logs())).contains("ams.terminal.stop-on-error is true");
  }

  @Test
  void failedStatementDoesNotStopTheScriptOtherwise() throws Exception {
    service(false, 10, Duration.ofMinutes(1));
    ExecutionView done = await(service.submit("alice", "lake", "FAIL broken; ROWS 2", null).executionId());
    assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(statuses(done)).containsExactly(StatementStatus.FAILED, StatementStatus.SUCCESS);
  }

  @Test
  void cancelInterruptsTheRunningStatementAndSkipsTheRest() throws Exception {
    service(true, 10, Duration.ofMinutes(1));
    String id = service.submit("alice", "lake", "ROWS 1; BLOCK; ROWS 2", null).executionId();
    assertThat(backend.blocking.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(service.execution(id).statements().get(1).status()).isEqualTo(StatementStatus.RUNNING);
    service.cancel(id);
    ExecutionView done = await(id);
    assertThat(done.status()).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(statuses(done)).containsExactly(StatementStatus.SUCCESS, StatementStatus.CANCELED, StatementStatus.CANCELED);
    assertThat(done.statements().get(1).error()).isNull();
    assertThat(backend.executed.get("alice")).containsExactly("ROWS 1", "BLOCK");
    // Cancelling an ended execution changes nothing.
    assertThat(service.cancel(id).status()).isEqualTo(ExecutionStatus.CANCELED);
  }

  @Test
  void sessionsKeepSettingsAndBelongToTheirUser() throws Exception {
    service(true, 10, Duration.ofMinutes(1));
    ExecutionView first = await(service.submit("alice", "lake", "SET color=blue", null).executionId());
    String session = first.sessionId();
    ExecutionView again = await(service.submit("alice", "other", "GET color; CATALOG", session).executionId());
    assertThat(again.sessionId()).isEqualTo(session);
    assertThat(again.statements().get(0).rows()).containsExactly(List.of("blue"));
    assertThat(again.statements().get(1).rows()).containsExactly(List.of("other"));
    assertThat(backend.opened.get()).isEqualTo(1);

    ExecutionView bob = await(service.submit("bob", "lake", "GET color", null).executionId());
    assertThat(bob.sessionId()).isNotEqualTo(session);
    assertThat(bob.statements().get(0).rows()).containsExactly(java.util.Arrays.asList((Object) null));
    assertThat(service.sessions("alice")).extracting(SessionView::sessionId).containsExactly(session);
    assertThat(service.sessions("bob")).extracting(SessionView::sessionId).containsExactly(bob.sessionId());
    assertThatThrownBy(() -> service.submit("bob", "lake", "GET color", session))
        .isInstanceOf(NotFoundException.class).hasMessageContaining(session);

    SessionView closed = service.closeSession(session);
    assertThat(closed.status()).isEqualTo("CLOSED");
    assertThat(service.sessions("alice")).isEmpty();
    assertThat(backend.closedSessions.get()).isEqualTo(1);
    assertThatThrownBy(() -> service.closeSession(session)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aBusySessionRefusesASecondExecution() throws Exception {
    service(true, 10, Duration.ofMinutes(1));
    ExecutionView running = service.submit("alice", "lake", "BLOCK", null);
    assertThat(backend.blocking.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> service.submit("alice", "lake", "ROWS 1", running.sessionId()))
        .isInstanceOf(ConflictException.class).hasMessageContaining(running.executionId());
    assertThat(service.sessions("alice").get(0).status()).isEqualTo("RUNNING");
    // Closing the session interrupts the running execution.
    service.closeSession(running.sessionId());
    assertThat(await(running.executionId()).status()).isEqualTo(ExecutionStatus.CANCELED);
  }

  @Test
  void badInputIsRefusedWithAMessageThatNamesIt() {
    service(true, 10, Duration.ofMinutes(1));
    assertThatThrownBy(() -> service.submit("alice", "nowhere", "ROWS 1", null))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("nowhere");
    assertThatThrownBy(() -> service.submit("alice", "lake", " ;; -- nothing\n", null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("no SQL statement");
    assertThatThrownBy(() -> service.submit("alice", "lake", "ROWS 1; -- " + "x".repeat(1100), null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("larger than the limit of 1KB")
        .hasMessageContaining("ams.terminal.max-script-size");
    assertThatThrownBy(() -> service.submit("al ice", "lake", "ROWS 1", null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Invalid user name");
    assertThatThrownBy(() -> service.submit("alice", null, "ROWS 1", null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("catalog is required");
    assertThatThrownBy(() -> service.submit("alice", "lake", "ROWS 1", "no-such-session"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.execution("no-such-execution")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.sessions(null)).isInstanceOf(InvalidInputException.class);
    assertThat(backend.opened.get()).as("no session was opened for bad input").isZero();
  }

  @Test
  void atMostMaxSessionsAreOpen() throws Exception {
    service(true, 10, Duration.ofMinutes(1));
    for (int i = 0; i < 3; i++) {
      await(service.submit("user" + i, "lake", "ROWS 1", null).executionId());
    }
    assertThatThrownBy(() -> service.submit("user9", "lake", "ROWS 1", null))
        .isInstanceOf(ConflictException.class).hasMessageContaining("ams.terminal.max-sessions");
  }

  @Test
  void aSessionThatCannotOpenFailsTheFirstStatementClearly() throws Exception {
    service(true, 10, Duration.ofMinutes(1));
    backend.failOpen = "Cannot connect to jdbc:kyuubi://nowhere:10009/: Connection refused";
    ExecutionView done = await(service.submit("alice", "lake", "ROWS 1; ROWS 2", null).executionId());
    assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(statuses(done)).containsExactly(StatementStatus.FAILED, StatementStatus.CANCELED);
    assertThat(done.statements().get(0).error()).isEqualTo(backend.failOpen);
    // The session stays and opens once the backend is reachable again.
    backend.failOpen = null;
    assertThat(await(service.submit("alice", "lake", "ROWS 1", done.sessionId()).executionId()).status())
        .isEqualTo(ExecutionStatus.FINISHED);
  }

  @Test
  void idleSessionsExpireAndTheirExecutionsAreForgotten() throws Exception {
    service(true, 10, Duration.ofMillis(300));
    ExecutionView done = await(service.submit("alice", "lake", "ROWS 1", null).executionId());
    Polling.until(() -> service.sessions("alice"), List::isEmpty, 10);
    Polling.until(backend.closedSessions::get, closed -> closed == 1, 10);
    Polling.until(() -> {
      try {
        service.execution(done.executionId());
        return false;
      } catch (NotFoundException e) {
        return true;
      }
    }, gone -> gone, 10);
  }

  @Test
  void closingTheServiceCancelsExecutionsAndClosesTheBackend() throws Exception {
    service(true, 10, Duration.ofMinutes(1));
    String id = service.submit("alice", "lake", "BLOCK; ROWS 1", null).executionId();
    assertThat(backend.blocking.await(10, TimeUnit.SECONDS)).isTrue();
    service.close();
    assertThat(service.execution(id).status()).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(backend.closed).isTrue();
    assertThatThrownBy(() -> service.submit("alice", "lake", "ROWS 1", null)).isInstanceOf(ConflictException.class);
  }
}
