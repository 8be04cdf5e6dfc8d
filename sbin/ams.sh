#!/usr/bin/env bash
#
# Lakeward AMS control: sbin/ams.sh start|stop|restart|status|start-foreground
#
# Environment (all optional):
#   LAKEWARD_HOME       install or source root (default: the parent of this script's directory)
#   LAKEWARD_CONF_DIR   configuration directory (default: $LAKEWARD_HOME/conf)
#   LAKEWARD_LOG_DIR    log directory (default: $LAKEWARD_HOME/logs)
#   LAKEWARD_PID_DIR    pid and port files (default: $LAKEWARD_HOME/run)
#   JAVA_HOME           Java 17+ to run the AMS with (default: java on PATH); launched local optimizers use it too
#   LAKEWARD_BUILD_SPARK_OPTIMIZER  auto (default): in a source tree, `start` builds the Spark optimizer jar
#                       and the Spark jars of the local optimizer container when missing; never: it does not
# JVM options come from $LAKEWARD_CONF_DIR/lakeward-env.sh.
#
# Exit codes follow the LSB: status exits 0 when the AMS runs and 3 when it does not; start exits 1
# when the AMS is already running or did not come up.
set -euo pipefail

# shellcheck source=lakeward-common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lakeward-common.sh"
: "${LAKEWARD_STOP_TIMEOUT:=60}"
: "${LAKEWARD_START_TIMEOUT:=180}"

MAIN_CLASS="io.lakeward.ams.AmsMain"
PID_FILE="$LAKEWARD_PID_DIR/ams.pid"
PORTS_FILE="$LAKEWARD_PID_DIR/ams.ports"
OUT_FILE="$LAKEWARD_LOG_DIR/ams.out"

usage() {
  echo "usage: $(basename "$0") start|stop|restart|status|start-foreground" >&2
  exit 2
}

# Prints the pid of the running AMS and succeeds, or fails (removing a stale pid file).
running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  if [ -n "$pid" ] && alive "$pid" && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS"; then
    echo "$pid"
    return 0
  fi
  rm -f "$PID_FILE" "$PORTS_FILE"
  return 1
}

# The classpath: a binary distribution's lib/, or the build output of the source tree (built on demand).
classpath() {
  module_classpath ams-thrift-server lakeward-ams.jar "*.jar" AMS
}

java_command() {
  local cp
  cp="$(classpath)"
  # Word splitting of the option variables is intended.
  # shellcheck disable=SC2086
  echo "$JAVA" ${LAKEWARD_HEAP_OPTS:-} ${LAKEWARD_GC_OPTS:-} ${LAKEWARD_ADD_OPENS:-} ${LAKEWARD_JVM_OPTS:-} \
    "-Dlakeward.home=$LAKEWARD_HOME" "-Dlakeward.log.dir=$LAKEWARD_LOG_DIR" \
    "-Dlog4j2.configurationFile=$LAKEWARD_CONF_DIR/log4j2.xml" -cp "$cp" "$MAIN_CLASS"
}

print_ports() {
  if [ -f "$PORTS_FILE" ]; then
    local catalog optimizing http
    catalog="$(sed -n 's/^catalog-port=//p' "$PORTS_FILE")"
    optimizing="$(sed -n 's/^optimizing-port=//p' "$PORTS_FILE")"
    http="$(sed -n 's/^http-port=//p' "$PORTS_FILE")"
    echo "  thrift catalog service:    $catalog"
    echo "  thrift optimizing service: $optimizing"
    echo "  REST API:                  $http (http://<host>:$http/api/ams/v1/health)"
  fi
}

start() {
  local pid
  if pid="$(running_pid)"; then
    echo "The AMS is already running (pid $pid, pid file $PID_FILE); not starting a second instance." >&2
    exit 1
  fi
  ensure_spark_optimizer
  local cmd
  cmd="$(java_command)"
  mkdir -p "$LAKEWARD_LOG_DIR" "$LAKEWARD_PID_DIR"
  rm -f "$PORTS_FILE"
  # shellcheck disable=SC2086
  nohup $cmd > "$OUT_FILE" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$PID_FILE"
  echo "Starting the AMS (pid $pid), logs in $LAKEWARD_LOG_DIR ..."
  local waited=0
  while [ ! -f "$PORTS_FILE" ]; do
    if ! alive "$pid"; then
      rm -f "$PID_FILE"
      echo "The AMS exited during start-up:" >&2
      grep -E '^lakeward: ' "$OUT_FILE" >&2 || tail -n 20 "$OUT_FILE" >&2
      exit 1
    fi
    if [ "$waited" -ge "$LAKEWARD_START_TIMEOUT" ]; then
      echo "The AMS did not report ready within ${LAKEWARD_START_TIMEOUT}s; it is still running (pid $pid), see $OUT_FILE" >&2
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "The AMS is running (pid $pid):"
  print_ports
}

start_foreground() {
  local pid
  if pid="$(running_pid)"; then
    echo "The AMS is already running (pid $pid); not starting a second instance." >&2
    exit 1
  fi
  ensure_spark_optimizer
  local cmd
  cmd="$(java_command)"
  mkdir -p "$LAKEWARD_LOG_DIR" "$LAKEWARD_PID_DIR"
  echo $$ > "$PID_FILE"
  # shellcheck disable=SC2086
  exec $cmd
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "The AMS is not running."
    return 0
  fi
  echo "Stopping the AMS (pid $pid) ..."
  kill -TERM "$pid"
  local waited=0
  while alive "$pid"; do
    if [ "$waited" -ge "$LAKEWARD_STOP_TIMEOUT" ]; then
      echo "The AMS did not stop within ${LAKEWARD_STOP_TIMEOUT}s after SIGTERM; sending SIGKILL." >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE" "$PORTS_FILE"
  echo "The AMS stopped."
}

status() {
  local pid
  if pid="$(running_pid)"; then
    echo "The AMS is running (pid $pid):"
    print_ports
    exit 0
  fi
  echo "The AMS is not running."
  exit 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  start-foreground) start_foreground ;;
  *) usage ;;
esac
