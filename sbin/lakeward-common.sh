# Shared by the sbin/ scripts (sourced, not run): the Lakeward directories, conf/lakeward-env.sh,
# process liveness, the classpath of one module and the SPARK_HOME to run Spark from.

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export LAKEWARD_HOME="${LAKEWARD_HOME:-$(cd "$SCRIPT_DIR/.." && pwd)}"
export LAKEWARD_CONF_DIR="${LAKEWARD_CONF_DIR:-$LAKEWARD_HOME/conf}"
export LAKEWARD_LOG_DIR="${LAKEWARD_LOG_DIR:-$LAKEWARD_HOME/logs}"
export LAKEWARD_PID_DIR="${LAKEWARD_PID_DIR:-$LAKEWARD_HOME/run}"
if [ -f "$LAKEWARD_CONF_DIR/lakeward-env.sh" ]; then
  # shellcheck source=../conf/lakeward-env.sh
  . "$LAKEWARD_CONF_DIR/lakeward-env.sh"
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# True while the process exists and is not a zombie waiting to be reaped.
alive() {
  kill -0 "$1" 2>/dev/null && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# The classpath of a module: a binary distribution's lib/ (when it holds $3), or the module's build
# output in the source tree, built on demand.
#   module_classpath <module> <jar name> <distribution jar glob> <what, for messages>
module_classpath() {
  local module="$1" jar="$2" dist_glob="$3" what="$4"
  if compgen -G "$LAKEWARD_HOME/lib/$dist_glob" > /dev/null; then
    echo "$LAKEWARD_HOME/lib/*"
    return
  fi
  local target="$LAKEWARD_HOME/$module/target"
  if [ ! -f "$target/$jar" ] || [ ! -d "$target/lib" ]; then
    build_module "$module" "$what"
  fi
  echo "$target/$jar:$target/lib/*"
}

# Builds a module of the source tree (and the modules it needs) for a script run from a checkout.
#   build_module <module> <what, for messages>
build_module() {
  local module="$1" what="$2"
  echo "No $what build found: building it now (mvn -DskipTests package; the first build downloads dependencies)..." >&2
  (cd "$LAKEWARD_HOME" && mvn -B -q -Dstyle.color=never -DskipTests -pl "$module" -am package) >&2 \
    || { echo "Build failed; see the Maven output above." >&2; exit 1; }
}

# The SPARK_HOME to run Spark from: $SPARK_HOME when set (a Spark distribution, say), else the one the
# spark-home module assembles from Maven jars (spark-home/target/spark-home), built on demand.
spark_home() {
  if [ -n "${SPARK_HOME:-}" ]; then
    if [ ! -x "$SPARK_HOME/bin/spark-class" ]; then
      echo "Invalid SPARK_HOME $SPARK_HOME: no executable bin/spark-class" >&2
      exit 1
    fi
    echo "$SPARK_HOME"
    return
  fi
  local home="$LAKEWARD_HOME/spark-home/target/spark-home"
  if [ ! -x "$home/bin/spark-class" ] || ! compgen -G "$home/jars/spark-core_*.jar" > /dev/null; then
    build_module spark-home SPARK_HOME
  fi
  echo "$home"
}

# The local optimizer container (the default container of groups) runs the Spark optimizer
# application with the Spark jars the build assembles; the SQL terminal's local backend adds the jars
# of module terminal-spark. In a source tree, builds whichever of the two is
# missing, together with the AMS (skipped with LAKEWARD_BUILD_SPARK_OPTIMIZER=never). A failed or
# impossible build only warns: the AMS starts anyway and logs why it cannot launch local optimizers.
ensure_spark_optimizer() {
  [ "${LAKEWARD_BUILD_SPARK_OPTIMIZER:-auto}" = "never" ] && return 0
  [ -f "$LAKEWARD_HOME/pom.xml" ] || return 0
  local jar="$LAKEWARD_HOME/spark-optimizer/target/lakeward-spark-optimizer.jar"
  local jars="$LAKEWARD_HOME/spark-home/target/spark-home/jars"
  local modules=""
  if [ ! -f "$jar" ]; then
    if grep -q "lakeward-spark-optimizer" "$LAKEWARD_HOME/spark-optimizer/pom.xml" 2>/dev/null; then
      modules="$modules,spark-optimizer"
    else
      echo "Note: this source tree does not build the Spark optimizer application yet; local optimizer containers cannot launch." >&2
    fi
  fi
  if ! compgen -G "$jars/*.jar" > /dev/null; then
    if [ -f "$LAKEWARD_HOME/spark-home/pom.xml" ]; then
      modules="$modules,spark-home"
    else
      echo "Note: this source tree has no spark-home module yet; local optimizer containers cannot launch." >&2
    fi
  fi
  # The SQL terminal's local backend runs a Spark Thrift Server from spark-home's jars plus these.
  if ! compgen -G "$LAKEWARD_HOME/terminal-spark/target/terminal-spark/jars/*.jar" > /dev/null \
      && [ -f "$LAKEWARD_HOME/terminal-spark/pom.xml" ]; then
    modules="$modules,terminal-spark"
  fi
  [ -n "$modules" ] || return 0
  local list="${modules#,}"
  echo "Building ${list//,/, } for the local optimizer container and SQL terminal (mvn -DskipTests package) ..." >&2
  (cd "$LAKEWARD_HOME" && mvn -B -q -Dstyle.color=never -DskipTests -pl "ams-thrift-server$modules" -am package) >&2 \
    || echo "Warning: that build failed; the AMS starts, but cannot launch local optimizers until it succeeds." >&2
}
