#!/usr/bin/env bash
#
# Lakeward standalone optimizer control (one optimizer per group on a host):
#   sbin/optimizer.sh start -a thrift://<ams-host>:1261 -g <group> -p <threads> [-m <memoryMb>] [options]
#   sbin/optimizer.sh start-foreground <same arguments>
#   sbin/optimizer.sh stop [-g <group>]      (every optimizer of this LAKEWARD_PID_DIR without -g)
#   sbin/optimizer.sh status [-g <group>]
# `sbin/optimizer.sh start --help` lists every option (grace period, poll interval, timeouts).
#
# Environment (all optional), as for sbin/ams.sh:
#   LAKEWARD_HOME, LAKEWARD_CONF_DIR, LAKEWARD_LOG_DIR, LAKEWARD_PID_DIR, JAVA_HOME
#   HADOOP_CONF_DIR                  put on the classpath (core-site.xml, hdfs-site.xml) when set
#   LAKEWARD_OPTIMIZER_HEAP_OPTS     heap without -m (with -m <MB> the heap is -Xmx<MB>m)
#   LAKEWARD_OPTIMIZER_JVM_OPTS      extra JVM options
#   LAKEWARD_OPTIMIZER_STOP_TIMEOUT  seconds `stop` waits after SIGTERM before SIGKILL
# Files: $LAKEWARD_PID_DIR/optimizer-<group>.pid, $LAKEWARD_LOG_DIR/optimizer-<group>.log (and .out).
#
# Exit codes follow the LSB: status exits 0 when the optimizer(s) run and 3 when not; start exits 1
# when that group's optimizer already runs or did not come up, 2 on bad arguments.
set -euo pipefail

# shellcheck source=lakeward-common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lakeward-common.sh"
: "${LAKEWARD_OPTIMIZER_HEAP_OPTS:=-Xmx2g}"
: "${LAKEWARD_OPTIMIZER_STOP_TIMEOUT:=120}"
: "${LAKEWARD_START_TIMEOUT:=180}"

MAIN_CLASS="io.lakeward.optimizer.standalone.StandaloneOptimizer"

usage() {
  sed -n '3,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

pid_file() {
  echo "$LAKEWARD_PID_DIR/optimizer-$1.pid"
}

# Prints the pid of the group's running optimizer and succeeds, or fails (removing a stale pid file).
running_pid() {
  local file pid
  file="$(pid_file "$1")"
  [ -f "$file" ] || return 1
  pid="$(cat "$file" 2>/dev/null || true)"
  if [ -n "$pid" ] && alive "$pid" && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS"; then
    echo "$pid"
    return 0
  fi
  rm -f "$file"
  return 1
}

# The groups named by -g/--group in the arguments (the last one wins, as for the optimizer).
GROUP=""
MEMORY_MB=""
scan_arguments() {
  while [ $# -gt 0 ]; do
    case "$1" in
      -g|--group) GROUP="${2:-}"; shift ;;
      --group=*) GROUP="${1#--group=}" ;;
      -m|--memory-mb) MEMORY_MB="${2:-}"; shift ;;
      --memory-mb=*) MEMORY_MB="${1#--memory-mb=}" ;;
    esac
    shift
  done
  if [ -n "$GROUP" ] && ! [[ "$GROUP" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]]; then
    echo "Invalid optimizer group name '$GROUP': use letters, digits, '.', '_' and '-'" >&2
    exit 2
  fi
}

# The classpath: a binary distribution's lib/, or the build output of the source tree (built on demand).
classpath() {
  module_classpath spark-optimizer lakeward-optimizer.jar "lakeward-optimizer*.jar" optimizer
}

java_command() {
  local cp heap log_config=""
  cp="$(classpath)"
  if [ -n "${HADOOP_CONF_DIR:-}" ]; then
    # Tables on HDFS or object stores need the cluster's Hadoop configuration.
    cp="$HADOOP_CONF_DIR:$cp"
  fi
  if [ -n "$MEMORY_MB" ] && [[ "$MEMORY_MB" =~ ^[0-9]+$ ]]; then
    heap="-Xmx${MEMORY_MB}m"
  else
    heap="$LAKEWARD_OPTIMIZER_HEAP_OPTS"
  fi
  if [ -f "$LAKEWARD_CONF_DIR/log4j2-optimizer.xml" ]; then
    log_config="-Dlog4j2.configurationFile=$LAKEWARD_CONF_DIR/log4j2-optimizer.xml"
  fi
  # Word splitting of the option variables is intended.
  # shellcheck disable=SC2086
  echo "$JAVA" $heap ${LAKEWARD_ADD_OPENS:-} ${LAKEWARD_OPTIMIZER_JVM_OPTS:-} \
    "-Dlakeward.home=$LAKEWARD_HOME" "-Dlakeward.log.dir=$LAKEWARD_LOG_DIR" "-Dlakeward.optimizer.group=${GROUP:-default}" \
    $log_config -cp "$cp" "$MAIN_CLASS"
}

start() {
  scan_arguments "$@"
  local cmd
  if [ -z "$GROUP" ]; then
    # No group: let the optimizer itself report the usage error (or print --help).
    cmd="$(java_command)"
    # shellcheck disable=SC2086
    exec $cmd "$@"
  fi
  local pid
  if pid="$(running_pid "$GROUP")"; then
    echo "The optimizer of group $GROUP is already running (pid $pid, pid file $(pid_file "$GROUP")); not starting a second one." >&2
    exit 1
  fi
  cmd="$(java_command)"
  mkdir -p "$LAKEWARD_LOG_DIR" "$LAKEWARD_PID_DIR"
  local log="$LAKEWARD_LOG_DIR/optimizer-$GROUP.log" out="$LAKEWARD_LOG_DIR/optimizer-$GROUP.out" before=0
  [ -f "$log" ] && before="$(stat -c %s "$log")"
  # Word splitting of $cmd is intended; the optimizer's own arguments keep their quoting.
  # shellcheck disable=SC2086
  nohup $cmd "$@" > "$out" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$(pid_file "$GROUP")"
  echo "Starting the optimizer of group $GROUP (pid $pid), logs in $LAKEWARD_LOG_DIR ..."
  local waited=0
  # Started means: the arguments were accepted and it logged its start (it then retries an unreachable AMS on its own).
  until [ -f "$log" ] && tail -c "+$((before + 1))" "$log" | grep -q "Starting an optimizer"; do
    if ! alive "$pid"; then
      local code=0
      wait "$pid" || code=$?
      rm -f "$(pid_file "$GROUP")"
      echo "The optimizer exited during start-up:" >&2
      cat "$out" >&2
      [ "$code" -eq 2 ] && exit 2
      exit 1
    fi
    if [ "$waited" -ge "$LAKEWARD_START_TIMEOUT" ]; then
      echo "The optimizer did not log its start within ${LAKEWARD_START_TIMEOUT}s; it is still running (pid $pid), see $out" >&2
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "The optimizer of group $GROUP is running (pid $pid); log: $log"
}

start_foreground() {
  scan_arguments "$@"
  local cmd pid
  if [ -n "$GROUP" ] && pid="$(running_pid "$GROUP")"; then
    echo "The optimizer of group $GROUP is already running (pid $pid); not starting a second one." >&2
    exit 1
  fi
  cmd="$(java_command)"
  mkdir -p "$LAKEWARD_LOG_DIR" "$LAKEWARD_PID_DIR"
  [ -n "$GROUP" ] && echo $$ > "$(pid_file "$GROUP")"
  # shellcheck disable=SC2086
  exec $cmd "$@"
}

# The groups to act on: the one named by -g, or every group with a pid file.
target_groups() {
  if [ -n "$GROUP" ]; then
    echo "$GROUP"
    return
  fi
  local file
  for file in "$LAKEWARD_PID_DIR"/optimizer-*.pid; do
    [ -e "$file" ] || continue
    file="$(basename "$file" .pid)"
    echo "${file#optimizer-}"
  done
}

stop() {
  scan_arguments "$@"
  local group pid any=0
  for group in $(target_groups); do
    if ! pid="$(running_pid "$group")"; then
      continue
    fi
    any=1
    echo "Stopping the optimizer of group $group (pid $pid): running tasks get their grace period ..."
    kill -TERM "$pid"
    local waited=0
    while alive "$pid"; do
      if [ "$waited" -ge "$LAKEWARD_OPTIMIZER_STOP_TIMEOUT" ]; then
        echo "The optimizer did not stop within ${LAKEWARD_OPTIMIZER_STOP_TIMEOUT}s after SIGTERM; sending SIGKILL." >&2
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 1
      waited=$((waited + 1))
    done
    rm -f "$(pid_file "$group")"
    echo "The optimizer of group $group stopped."
  done
  if [ "$any" -eq 0 ]; then
    echo "No optimizer${GROUP:+ of group $GROUP} is running."
  fi
}

status() {
  scan_arguments "$@"
  local group pid running=0
  for group in $(target_groups); do
    if pid="$(running_pid "$group")"; then
      echo "The optimizer of group $group is running (pid $pid); log: $LAKEWARD_LOG_DIR/optimizer-$group.log"
      running=$((running + 1))
    fi
  done
  if [ "$running" -eq 0 ]; then
    echo "No optimizer${GROUP:+ of group $GROUP} is running."
    exit 3
  fi
  exit 0
}

command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  start) start "$@" ;;
  start-foreground) start_foreground "$@" ;;
  stop) stop "$@" ;;
  status) status "$@" ;;
  *) usage ;;
esac
