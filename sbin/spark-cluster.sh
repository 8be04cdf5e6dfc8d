#!/usr/bin/env bash
#
# A one-machine Spark standalone cluster for development and tests: one master and one worker on 127.0.0.1.
#   sbin/spark-cluster.sh start [--port <7077>] [--webui-port <8080>] [--worker-webui-port <8081>]
#                               [--cores <2>] [--memory <2g>]
#   sbin/spark-cluster.sh stop
#   sbin/spark-cluster.sh status
# `start` waits until the worker has registered with the master, then prints the master URL
# (spark://127.0.0.1:7077) to submit to, with SPARK_HOME/bin/spark-submit.
#
# Environment (all optional), besides LAKEWARD_HOME, LAKEWARD_CONF_DIR, LAKEWARD_LOG_DIR, LAKEWARD_PID_DIR, JAVA_HOME:
#   SPARK_HOME                         a Spark 3.5 distribution to run instead of the SPARK_HOME that the spark-home
#                                      module assembles from Maven jars (spark-home/target/spark-home, built on demand)
#   LAKEWARD_SPARK_MASTER_PORT         --port (7077)
#   LAKEWARD_SPARK_MASTER_WEBUI_PORT   --webui-port (8080); the master's JSON state is at http://127.0.0.1:<port>/json/
#   LAKEWARD_SPARK_WORKER_WEBUI_PORT   --worker-webui-port (8081)
#   LAKEWARD_SPARK_WORKER_CORES        --cores (2): a driver in cluster deploy mode takes one of them, and with a single
#                                      core its executors could never start
#   LAKEWARD_SPARK_WORKER_MEMORY       --memory (2g): what the worker hands out to executors and drivers
#   LAKEWARD_SPARK_WORK_DIR            the worker's directory for applications and drivers, with their logs
#                                      ($LAKEWARD_PID_DIR/spark-work)
#   SPARK_DAEMON_MEMORY                heap of the master and the worker JVMs (1g)
#   SPARK_DAEMON_JAVA_OPTS             extra JVM options of the master and the worker
#   LAKEWARD_SPARK_START_TIMEOUT       seconds `start` waits for the worker to register (120)
#   LAKEWARD_SPARK_STOP_TIMEOUT        seconds `stop` waits after SIGTERM before SIGKILL (30)
# Files: $LAKEWARD_PID_DIR/spark-master.pid, spark-worker.pid, spark-cluster.ports;
#        $LAKEWARD_LOG_DIR/spark-master.out, spark-worker.out (executor logs are under the work directory).
#
# Exit codes follow the LSB: status exits 0 when master and worker run, 3 when neither runs and 1 when only one of
# them does; start exits 1 when a cluster already runs, a port is taken, or the worker did not register.
set -euo pipefail

# shellcheck source=lakeward-common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lakeward-common.sh"
: "${LAKEWARD_SPARK_MASTER_PORT:=7077}"
: "${LAKEWARD_SPARK_MASTER_WEBUI_PORT:=8080}"
: "${LAKEWARD_SPARK_WORKER_WEBUI_PORT:=8081}"
: "${LAKEWARD_SPARK_WORKER_CORES:=2}"
: "${LAKEWARD_SPARK_WORKER_MEMORY:=2g}"
: "${LAKEWARD_SPARK_WORK_DIR:=$LAKEWARD_PID_DIR/spark-work}"
: "${LAKEWARD_SPARK_START_TIMEOUT:=120}"
: "${LAKEWARD_SPARK_STOP_TIMEOUT:=30}"

MASTER_CLASS="org.apache.spark.deploy.master.Master"
WORKER_CLASS="org.apache.spark.deploy.worker.Worker"
PORTS_FILE="$LAKEWARD_PID_DIR/spark-cluster.ports"

usage() {
  sed -n '3,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

pid_file() {
  echo "$LAKEWARD_PID_DIR/spark-$1.pid"
}

# Prints the pid of the running master or worker and succeeds, or fails (removing a stale pid file).
#   running_pid master|worker
running_pid() {
  local file pid class="$MASTER_CLASS"
  [ "$1" = worker ] && class="$WORKER_CLASS"
  file="$(pid_file "$1")"
  [ -f "$file" ] || return 1
  pid="$(cat "$file" 2>/dev/null || true)"
  if [ -n "$pid" ] && alive "$pid" && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$class"; then
    echo "$pid"
    return 0
  fi
  rm -f "$file"
  return 1
}

# True when something accepts connections on the loopback port.
port_taken() {
  (exec 3<> "/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The master's state as JSON (empty when it does not answer).
master_json() {
  curl -sf --max-time 5 "http://127.0.0.1:$1/json/" 2>/dev/null || true
}

# True when the master of this URL answers on the web UI port (and not some other server on that port).
#   master_up <web UI port> <master URL>
master_up() {
  master_json "$1" | grep -q "\"url\"[[:space:]]*:[[:space:]]*\"$2\""
}

alive_workers() {
  master_json "$1" | sed -n 's/.*"aliveworkers"[[:space:]]*:[[:space:]]*\([0-9]*\).*/\1/p' | head -n 1
}

# The pids of every process below the given one (executors and drivers of a worker).
descendants() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null || true); do
    echo "$child"
    descendants "$child"
  done
}

# SIGTERM, then SIGKILL after LAKEWARD_SPARK_STOP_TIMEOUT seconds.
terminate() {
  local pid="$1" what="$2" waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while alive "$pid"; do
    if [ "$waited" -ge "$LAKEWARD_SPARK_STOP_TIMEOUT" ]; then
      echo "The $what (pid $pid) did not stop within ${LAKEWARD_SPARK_STOP_TIMEOUT}s after SIGTERM; sending SIGKILL." >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

parse_start_arguments() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) LAKEWARD_SPARK_MASTER_PORT="${2:-}"; shift ;;
      --webui-port) LAKEWARD_SPARK_MASTER_WEBUI_PORT="${2:-}"; shift ;;
      --worker-webui-port) LAKEWARD_SPARK_WORKER_WEBUI_PORT="${2:-}"; shift ;;
      --cores) LAKEWARD_SPARK_WORKER_CORES="${2:-}"; shift ;;
      --memory) LAKEWARD_SPARK_WORKER_MEMORY="${2:-}"; shift ;;
      *) echo "Unknown option '$1'" >&2; usage ;;
    esac
    shift
  done
  local port
  for port in "$LAKEWARD_SPARK_MASTER_PORT" "$LAKEWARD_SPARK_MASTER_WEBUI_PORT" "$LAKEWARD_SPARK_WORKER_WEBUI_PORT"; do
    if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
      echo "Invalid port '$port': expected 1-65535" >&2
      exit 2
    fi
  done
  if ! [[ "$LAKEWARD_SPARK_WORKER_CORES" =~ ^[1-9][0-9]*$ ]]; then
    echo "Invalid worker cores '$LAKEWARD_SPARK_WORKER_CORES': expected a positive number" >&2
    exit 2
  fi
  if ! [[ "$LAKEWARD_SPARK_WORKER_MEMORY" =~ ^[1-9][0-9]*[mMgG]$ ]]; then
    echo "Invalid worker memory '$LAKEWARD_SPARK_WORKER_MEMORY': expected a size such as 2g or 1536m" >&2
    exit 2
  fi
}

# Starts master or worker in the background: launch <master|worker> <spark-class arguments...>
launch() {
  local role="$1" out="$LAKEWARD_LOG_DIR/spark-$1.out" pid
  shift
  # Word splitting of the option variables is intended.
  # shellcheck disable=SC2086
  SPARK_DAEMON_JAVA_OPTS="${LAKEWARD_ADD_OPENS:-} ${SPARK_DAEMON_JAVA_OPTS:-}" \
    nohup "$SPARK_HOME/bin/spark-class" "$@" >> "$out" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$(pid_file "$role")"
  echo "$pid"
}

# Shows the end of a log after a failed start.
show_log() {
  echo "--- last lines of $1:" >&2
  tail -n 30 "$1" >&2 || true
}

start() {
  parse_start_arguments "$@"
  local master_pid worker_pid
  if master_pid="$(running_pid master)" || worker_pid="$(running_pid worker)"; then
    echo "A Spark cluster of this LAKEWARD_PID_DIR ($LAKEWARD_PID_DIR) is already running; see 'sbin/spark-cluster.sh status'." >&2
    exit 1
  fi
  local port
  for port in "$LAKEWARD_SPARK_MASTER_PORT" "$LAKEWARD_SPARK_MASTER_WEBUI_PORT" "$LAKEWARD_SPARK_WORKER_WEBUI_PORT"; do
    if port_taken "$port"; then
      echo "Cannot start the Spark cluster: port $port on 127.0.0.1 is taken; choose others (sbin/spark-cluster.sh start --port ... --webui-port ... --worker-webui-port ...)." >&2
      exit 1
    fi
  done
  if ! command -v curl > /dev/null; then
    echo "Cannot start the Spark cluster: curl is needed to ask the master whether the worker registered." >&2
    exit 1
  fi
  SPARK_HOME="$(spark_home)"
  export SPARK_HOME
  # The worker finds SPARK_HOME/jars for executors through these; everything stays on loopback.
  export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.12}" SPARK_LOCAL_IP=127.0.0.1
  mkdir -p "$LAKEWARD_LOG_DIR" "$LAKEWARD_PID_DIR" "$LAKEWARD_SPARK_WORK_DIR"
  local master_url="spark://127.0.0.1:$LAKEWARD_SPARK_MASTER_PORT"
  local master_out="$LAKEWARD_LOG_DIR/spark-master.out" worker_out="$LAKEWARD_LOG_DIR/spark-worker.out"

  local before=0
  [ -f "$master_out" ] && before="$(stat -c %s "$master_out")"
  echo "Starting a Spark master on $master_url (SPARK_HOME $SPARK_HOME), logs in $LAKEWARD_LOG_DIR ..."
  # No fallback to the next free port: the worker and every submitter expect the master on this one.
  master_pid="$(SPARK_DAEMON_JAVA_OPTS="-Dspark.port.maxRetries=0 ${SPARK_DAEMON_JAVA_OPTS:-}" launch master "$MASTER_CLASS" \
    --host 127.0.0.1 --port "$LAKEWARD_SPARK_MASTER_PORT" --webui-port "$LAKEWARD_SPARK_MASTER_WEBUI_PORT")"
  local waited=0
  until master_up "$LAKEWARD_SPARK_MASTER_WEBUI_PORT" "$master_url"; do
    # A master whose web UI cannot bind its port keeps running without it.
    if ! alive "$master_pid" || [ "$waited" -ge "$LAKEWARD_SPARK_START_TIMEOUT" ] \
        || tail -c "+$((before + 1))" "$master_out" | grep -q "Failed to bind"; then
      echo "The Spark master did not come up (waited ${waited}s of ${LAKEWARD_SPARK_START_TIMEOUT}s); stopping it." >&2
      show_log "$master_out"
      terminate "$master_pid" "Spark master"
      rm -f "$(pid_file master)"
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done

  echo "Starting a Spark worker with $LAKEWARD_SPARK_WORKER_CORES cores and $LAKEWARD_SPARK_WORKER_MEMORY (work directory $LAKEWARD_SPARK_WORK_DIR) ..."
  worker_pid="$(launch worker "$WORKER_CLASS" "$master_url" --host 127.0.0.1 \
    --cores "$LAKEWARD_SPARK_WORKER_CORES" --memory "$LAKEWARD_SPARK_WORKER_MEMORY" \
    --webui-port "$LAKEWARD_SPARK_WORKER_WEBUI_PORT" --work-dir "$LAKEWARD_SPARK_WORK_DIR")"
  until [ "$(alive_workers "$LAKEWARD_SPARK_MASTER_WEBUI_PORT")" -ge 1 ] 2>/dev/null; do
    if ! alive "$worker_pid" || ! alive "$master_pid" || [ "$waited" -ge "$LAKEWARD_SPARK_START_TIMEOUT" ]; then
      echo "The Spark worker did not register with the master within ${LAKEWARD_SPARK_START_TIMEOUT}s; stopping the cluster." >&2
      show_log "$worker_out"
      terminate "$worker_pid" "Spark worker"
      terminate "$master_pid" "Spark master"
      rm -f "$(pid_file worker)" "$(pid_file master)"
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  cat > "$PORTS_FILE" <<EOF
master-url=$master_url
master-webui-port=$LAKEWARD_SPARK_MASTER_WEBUI_PORT
worker-webui-port=$LAKEWARD_SPARK_WORKER_WEBUI_PORT
spark-home=$SPARK_HOME
EOF
  echo "The Spark cluster is running (master pid $master_pid, worker pid $worker_pid)."
  echo "  master URL: $master_url"
  echo "  web UI:     http://127.0.0.1:$LAKEWARD_SPARK_MASTER_WEBUI_PORT"
  echo "  SPARK_HOME: $SPARK_HOME"
}

stop() {
  local pid any=0 child children
  if pid="$(running_pid worker)"; then
    any=1
    # The worker kills its executors and drivers when it stops; whatever outlives it is stopped below.
    children="$(descendants "$pid")"
    echo "Stopping the Spark worker (pid $pid) ..."
    terminate "$pid" "Spark worker"
    for child in $children; do
      if alive "$child"; then
        terminate "$child" "process $child of the Spark worker"
      fi
    done
  fi
  rm -f "$(pid_file worker)"
  if pid="$(running_pid master)"; then
    any=1
    echo "Stopping the Spark master (pid $pid) ..."
    terminate "$pid" "Spark master"
  fi
  rm -f "$(pid_file master)" "$PORTS_FILE"
  if [ "$any" -eq 1 ]; then
    echo "The Spark cluster stopped."
  else
    echo "No Spark cluster is running."
  fi
}

status() {
  local master_pid="" worker_pid="" webui=""
  master_pid="$(running_pid master)" || true
  worker_pid="$(running_pid worker)" || true
  [ -f "$PORTS_FILE" ] && webui="$(sed -n 's/^master-webui-port=//p' "$PORTS_FILE")"
  if [ -n "$master_pid" ]; then
    echo "The Spark master is running (pid $master_pid)."
    if [ -f "$PORTS_FILE" ]; then
      echo "  master URL: $(sed -n 's/^master-url=//p' "$PORTS_FILE")"
      echo "  web UI:     http://127.0.0.1:$webui ($(alive_workers "$webui") alive worker(s) registered)"
      echo "  SPARK_HOME: $(sed -n 's/^spark-home=//p' "$PORTS_FILE")"
    fi
  else
    echo "The Spark master is not running."
  fi
  if [ -n "$worker_pid" ]; then
    echo "The Spark worker is running (pid $worker_pid), work directory $LAKEWARD_SPARK_WORK_DIR."
  else
    echo "The Spark worker is not running."
  fi
  if [ -n "$master_pid" ] && [ -n "$worker_pid" ]; then
    exit 0
  elif [ -z "$master_pid" ] && [ -z "$worker_pid" ]; then
    exit 3
  fi
  exit 1
}

command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  start) start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
