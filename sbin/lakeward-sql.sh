#!/usr/bin/env bash
#
# Lakeward SQL client: runs SQL on an AMS catalog through the AMS terminal REST API.
#   sbin/lakeward-sql.sh [--url http://127.0.0.1:1630] -c <catalog> [-e "<sql>" | -f <file>]
#                        [--output table|csv|json] [--user <user>] [--password-env <VAR>] [--verbose]
# Without -e or -f it opens an interactive prompt on a terminal, or runs the script piped to stdin.
# `sbin/lakeward-sql.sh --help` lists every option.
#
# Environment (all optional):
#   LAKEWARD_AMS_URL        the AMS REST endpoint (default http://127.0.0.1:1630)
#   LAKEWARD_USER           the AMS admin user (default admin)
#   LAKEWARD_PASSWORD       the admin password (--password-env names another variable); when unset, asked
#                           for without echo on a terminal. There is no password flag: it would show in `ps`.
#   LAKEWARD_SQL_HISTORY    the interactive history file (default ~/.lakeward_sql_history)
#   LAKEWARD_SQL_HEAP_OPTS  heap of the client JVM (default -Xmx512m)
#   LAKEWARD_SQL_JVM_OPTS   extra JVM options
#   LAKEWARD_HOME, JAVA_HOME as for sbin/ams.sh
# In a source tree the first run builds the client (mvn -pl kyuubi-terminal -am package).
#
# Exit codes: 0 every statement succeeded, 1 a statement failed or was canceled (or the AMS rejected the
# script: unknown catalog, too large), 2 invalid arguments, 3 the AMS is unreachable or refused the credentials.
set -euo pipefail

# shellcheck source=lakeward-common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lakeward-common.sh"
: "${LAKEWARD_SQL_HEAP_OPTS:=-Xmx512m}"

MAIN_CLASS="io.lakeward.terminal.cli.SqlCli"

# The client's jar in kyuubi-terminal/target (its name carries the version), if built.
client_jar() {
  local jar
  for jar in "$1"/lakeward-kyuubi-terminal-*.jar; do
    case "$jar" in
      *-tests.jar|*-sources.jar|*-javadoc.jar) ;;
      *) [ -f "$jar" ] && echo "$jar" && return ;;
    esac
  done
}

# A binary distribution's lib/, or the client's jar plus exactly its own dependencies (target/sql-cli-lib) from
# the source tree, built on demand. The client needs no Spark or server classes, so it starts in a second.
classpath() {
  if compgen -G "$LAKEWARD_HOME/lib/lakeward-kyuubi-terminal*.jar" > /dev/null; then
    echo "$LAKEWARD_HOME/lib/*"
    return
  fi
  local target="$LAKEWARD_HOME/kyuubi-terminal/target" jar
  jar="$(client_jar "$target")"
  if [ -z "$jar" ] || [ ! -d "$target/sql-cli-lib" ]; then
    build_module kyuubi-terminal "SQL client"
    jar="$(client_jar "$target")"
    [ -n "$jar" ] || { echo "The build did not produce $target/lakeward-kyuubi-terminal-*.jar" >&2; exit 1; }
  fi
  echo "$jar:$target/sql-cli-lib/*"
}

cp="$(classpath)"
# Java decodes its arguments with the locale's charset: under C or POSIX a non-ASCII statement given with -e
# would reach the AMS with '?' in place of its characters. Arguments, scripts and results are UTF-8 here.
if [ "$(locale charmap 2>/dev/null || true)" != "UTF-8" ]; then
  export LC_ALL=C.UTF-8
fi
# Java cannot tell which standard stream is a terminal: the progress line needs stderr to be one, the
# interactive prompt stdin, and the password prompt stdin and stdout. (Tested here, not in a $(...),
# whose stdout is a pipe.)
stdin_tty=false stdout_tty=false stderr_tty=false
[ -t 0 ] && stdin_tty=true
[ -t 1 ] && stdout_tty=true
[ -t 2 ] && stderr_tty=true
# Word splitting of the option variables is intended; exec, so Ctrl-C reaches the client (which cancels the
# running statement on the AMS).
# shellcheck disable=SC2086
exec "$JAVA" $LAKEWARD_SQL_HEAP_OPTS -XX:+UseSerialGC -XX:TieredStopAtLevel=1 ${LAKEWARD_SQL_JVM_OPTS:-} \
  "-Dlakeward.sql.stdin-tty=$stdin_tty" "-Dlakeward.sql.stdout-tty=$stdout_tty" "-Dlakeward.sql.stderr-tty=$stderr_tty" \
  -cp "$cp" "$MAIN_CLASS" "$@"
