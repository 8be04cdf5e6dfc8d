#!/usr/bin/env bash
# Runs the benchmarks and rewrites their sections of docs/benchmarks.md:
#  - catalog: loadTable and commit throughput through Lakeward's Thrift and REST catalogs and through
#    Iceberg's reference REST server, in one JVM on loopback (about 3 minutes on 2 cores);
#  - planning: evaluating and planning a 100,000-file table, a 10,000-partition table and a group of
#    1,000 tables, Lakeward's scheduler next to Iceberg's core planning, every scenario in a child JVM
#    with a 512 MB heap (about 4 minutes on 2 cores);
#  - rewrite (not part of "all": it takes long): compacting about 1 GiB in 2,000 small files (plain, with
#    position deletes, with an upsert stream's equality deletes, with a sort order) with Lakeward's Spark
#    optimizer end to end, Iceberg's RewriteDataFiles action and a plain Spark read-and-write (the floor);
#  - ingestion (not part of "all" either): a writer commits 300 small batches of inserts and upserts to a
#    table Lakeward self-optimizes and to one where Iceberg's RewriteDataFiles runs after every 30 commits;
#  - maintenance (not part of "all"): orphan cleaning and snapshot expiration on a table with 1,000,000
#    files and 10,000 snapshots, Lakeward's maintainers in a JVM with a 512 MB heap next to Iceberg's
#    DeleteOrphanFiles and ExpireSnapshots Spark actions on an identical copy.
# The last three run Spark in child JVMs with spark-submit from a SPARK_HOME.
#
#   benchmarks/run.sh                        # build what they need, then run catalog and planning
#   benchmarks/run.sh catalog                # only the catalog benchmark
#   benchmarks/run.sh planning               # only the planning benchmark
#   benchmarks/run.sh rewrite                # only the rewrite benchmark (rewrite/RewriteSettings.java)
#   benchmarks/run.sh ingestion              # only the ingestion benchmark (ingestion/IngestionSettings.java)
#   benchmarks/run.sh maintenance            # only the maintenance benchmark (maintenance/MaintenanceSettings.java)
#   benchmarks/run.sh -Dbench.iterations=10  # extra -D options go to the benchmarks (see Settings.java
#                                            # and planning/PlanningSettings.java)
#
# Environment: JAVA_HOME (a Java 17 JDK; default: java on the PATH), BENCH_SKIP_BUILD=1 to reuse the
# last build, BENCH_HEAP_OPTS (default -Xms1g -Xmx2g; the planning scenarios' own heap is
# -Dbench.planning.heap), BENCH_SPARK_HOME (the SPARK_HOME whose bin/spark-submit starts every Spark
# JVM of the rewrite, ingestion and maintenance benchmarks; default: spark-home/target/spark-home).
set -euo pipefail

MODE=all
case "${1:-}" in
  all|catalog|planning|rewrite|ingestion|maintenance) MODE="$1"; shift ;;
  -*|"") ;;
  *) echo "Usage: benchmarks/run.sh [all|catalog|planning|rewrite|ingestion|maintenance] [-Dkey=value ...]" >&2; exit 2 ;;
esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SPARK_MODE=0
if [[ "$MODE" == rewrite || "$MODE" == ingestion || "$MODE" == maintenance ]]; then
  SPARK_MODE=1
fi

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  # target/lib must hold exactly the current dependencies; stale jars would join the classpath.
  rm -rf benchmarks/target/lib benchmarks/target/spark-lib
  if [[ "$SPARK_MODE" == 1 ]]; then
    mvn -o -q -B -DskipTests -pl benchmarks,spark-optimizer -am package
    # A private copy, so that a concurrent rebuild cannot swap the optimizer jar under a running benchmark.
    cp spark-optimizer/target/lakeward-spark-optimizer.jar benchmarks/target/spark-lib/
  else
    mvn -o -q -B -DskipTests -pl benchmarks -am package
  fi
fi

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# Spark (on the AMS classpath) and Hadoop want these opens on Java 17; one list, kept in the root pom.
ADD_OPENS="$(sed -n 's:.*<lakeward.add-opens>\(.*\)</lakeward.add-opens>.*:\1:p' pom.xml)"
JAR="$(ls benchmarks/target/lakeward-benchmarks-*.jar)"
# Which code was measured, for the report: the commit, and whether the tree differs from it.
REVISION="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git --no-optional-locks status --porcelain -- . ':!docs/benchmarks.md' 2>/dev/null)" ]]; then
  REVISION="$REVISION with uncommitted changes"
fi

run_benchmark() {
  local main="$1"
  shift
  # shellcheck disable=SC2086 # ADD_OPENS and BENCH_HEAP_OPTS are lists of options
  "$JAVA" ${BENCH_HEAP_OPTS:--Xms1g -Xmx2g} $ADD_OPENS \
    -cp "$JAR:benchmarks/target/lib/*" \
    -Dbench.output="$ROOT/docs/benchmarks.md" \
    -Dbench.revision="$REVISION" \
    "$@" \
    "$main"
}

if [[ "$SPARK_MODE" == 1 ]]; then
  # The options as given, for the report's "written by" line.
  USER_ARGS="$*"
  SPARK_HOME_DIR="${BENCH_SPARK_HOME:-$ROOT/spark-home/target/spark-home}"
  if [[ ! -x "$SPARK_HOME_DIR/bin/spark-submit" ]]; then
    echo "No spark-submit in $SPARK_HOME_DIR: build the spark-home module or set BENCH_SPARK_HOME" >&2
    exit 2
  fi
  set -- -Dbench.spark-home="$SPARK_HOME_DIR" \
    -Dbench.iceberg-runtime="$(ls "$ROOT"/benchmarks/target/spark-lib/iceberg-spark-runtime-*.jar)" \
    -Dbench.optimizer-jar="$ROOT/benchmarks/target/spark-lib/lakeward-spark-optimizer.jar" \
    -Dbench.benchmarks-jar="$ROOT/$JAR" -Dbench.root="$ROOT" -Dbench.add-opens="$ADD_OPENS" \
    -Dbench.args="$USER_ARGS" "$@"
fi

status=0
if [[ "$MODE" == all || "$MODE" == catalog ]]; then
  run_benchmark io.lakeward.benchmarks.CatalogBenchmark "$@" || status=$?
fi
if [[ "$MODE" == all || "$MODE" == planning ]]; then
  run_benchmark io.lakeward.benchmarks.planning.PlanningBenchmark "$@" || status=$?
fi
if [[ "$MODE" == rewrite ]]; then
  run_benchmark io.lakeward.benchmarks.rewrite.RewriteBenchmark "$@" || status=$?
fi
if [[ "$MODE" == ingestion ]]; then
  run_benchmark io.lakeward.benchmarks.ingestion.IngestionBenchmark "$@" || status=$?
fi
if [[ "$MODE" == maintenance ]]; then
  run_benchmark io.lakeward.benchmarks.maintenance.MaintenanceBenchmark "$@" || status=$?
fi
exit "$status"
