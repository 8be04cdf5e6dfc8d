#!/usr/bin/env bash
# Runs the catalog benchmark: loadTable and commit throughput through Lakeward's Thrift and REST
# catalogs and through Iceberg's reference REST server, in one JVM on loopback. Prints a table and
# rewrites the "Catalog" section of docs/benchmarks.md.
#
#   benchmarks/run.sh                        # build what it needs, then run (about 3 minutes on 2 cores)
#   benchmarks/run.sh -Dbench.iterations=10  # extra -D options go to the benchmark (see Settings.java)
#
# Environment: JAVA_HOME (a Java 17 JDK; default: java on the PATH), BENCH_SKIP_BUILD=1 to reuse the
# last build, BENCH_HEAP_OPTS (default -Xms1g -Xmx2g).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  # target/lib must hold exactly the current dependencies; stale jars would join the classpath.
  rm -rf benchmarks/target/lib
  mvn -o -q -B -DskipTests -pl benchmarks -am package
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

# shellcheck disable=SC2086 # ADD_OPENS and BENCH_HEAP_OPTS are lists of options
exec "$JAVA" ${BENCH_HEAP_OPTS:--Xms1g -Xmx2g} $ADD_OPENS \
  -cp "$JAR:benchmarks/target/lib/*" \
  -Dbench.output="$ROOT/docs/benchmarks.md" \
  -Dbench.revision="$REVISION" \
  "$@" \
  io.lakeward.benchmarks.CatalogBenchmark
