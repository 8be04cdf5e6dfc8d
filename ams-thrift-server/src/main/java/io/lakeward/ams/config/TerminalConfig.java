package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import io.lakeward.common.config.DataSize;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** Keys under {@code ams.terminal:}: the SQL terminal. See conf/config.yaml for the meaning and default of each. */
public record TerminalConfig(
    @JsonProperty("backend") String backend,
    @JsonProperty("threads") Integer threads,
    @JsonProperty("result") Result result,
    @JsonProperty("stop-on-error") Boolean stopOnError,
    @JsonProperty("session") Session session,
    @JsonProperty("max-sessions") Integer maxSessions,
    @JsonProperty("max-script-size") DataSize maxScriptSize,
    @JsonProperty("kyuubi") TerminalKyuubiConfig kyuubi,
    @JsonProperty("local") TerminalLocalConfig local) {

  public static final String LOCAL = "local";
  public static final String KYUUBI = "kyuubi";
  private static final String PREFIX = "ams.terminal.";

  /** Keys under {@code ams.terminal.result:}. */
  public record Result(@JsonProperty("limit") Integer limit) {
    public Result {
      limit = limit == null ? 1000 : limit;
      ConfigException.check(limit >= 1 && limit <= 100_000, PREFIX + "result.limit",
          "must be between 1 and 100000, got %s", limit);
    }
  }

  /** Keys under {@code ams.terminal.session:}. */
  public record Session(@JsonProperty("timeout") Duration timeout) {
    public Session {
      timeout = timeout == null ? Duration.ofMinutes(30) : timeout;
      ConfigException.check(timeout.toMillis() >= 1000, PREFIX + "session.timeout", "must be at least 1s");
    }
  }

  public TerminalConfig {
    backend = backend == null || backend.isBlank() ? LOCAL : backend.trim().toLowerCase(Locale.ROOT);
    ConfigException.check(Set.of(LOCAL, KYUUBI).contains(backend), PREFIX + "backend",
        "must be local or kyuubi, got '%s'", backend);
    threads = threads == null ? 4 : threads;
    ConfigException.check(threads >= 1 && threads <= 64, PREFIX + "threads", "must be between 1 and 64, got %s", threads);
    result = result == null ? new Result(null) : result;
    stopOnError = stopOnError == null || stopOnError;
    session = session == null ? new Session(null) : session;
    maxSessions = maxSessions == null ? 100 : maxSessions;
    ConfigException.check(maxSessions >= 1 && maxSessions <= 10_000, PREFIX + "max-sessions",
        "must be between 1 and 10000, got %s", maxSessions);
    maxScriptSize = maxScriptSize == null ? DataSize.ofMegabytes(1) : maxScriptSize;
    ConfigException.check(maxScriptSize.bytes() >= 1, PREFIX + "max-script-size", "must be positive");
    kyuubi = kyuubi == null ? TerminalKyuubiConfig.defaults() : kyuubi;
    local = local == null ? TerminalLocalConfig.defaults() : local;
    if (KYUUBI.equals(backend)) {
      ConfigException.check(kyuubi.jdbcUrl() != null, PREFIX + "kyuubi.jdbc-url",
          "is required when ams.terminal.backend is kyuubi");
    }
  }

  public static TerminalConfig defaults() {
    return new TerminalConfig(null, null, null, null, null, null, null, null, null);
  }
}
