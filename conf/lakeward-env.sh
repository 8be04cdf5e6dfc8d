# Environment for sbin scripts, sourced before the AMS starts. Values set in the calling environment win.

# Heap of the AMS JVM.
: "${LAKEWARD_HEAP_OPTS:=-Xms512m -Xmx2g}"

# GC logging (rotated, under the log directory).
: "${LAKEWARD_GC_OPTS:=-Xlog:gc*:file=${LAKEWARD_LOG_DIR}/ams-gc.log:time,uptime:filecount=5,filesize=20m}"

# In a source tree, `sbin/ams.sh start` builds the Spark optimizer jar and the Spark jars that the
# local optimizer container needs when they are missing (auto); never: it does not.
: "${LAKEWARD_BUILD_SPARK_OPTIMIZER:=auto}"

# Extra JVM options (system properties, agents, ...).
: "${LAKEWARD_JVM_OPTS:=}"

# Seconds `sbin/ams.sh stop` waits after SIGTERM before it sends SIGKILL.
: "${LAKEWARD_STOP_TIMEOUT:=60}"

# Heap of a standalone optimizer (sbin/optimizer.sh) started without -m; with -m <MB> the heap is <MB>.
: "${LAKEWARD_OPTIMIZER_HEAP_OPTS:=-Xmx2g}"

# Extra JVM options of standalone optimizers.
: "${LAKEWARD_OPTIMIZER_JVM_OPTS:=}"

# Seconds `sbin/optimizer.sh stop` waits after SIGTERM before it sends SIGKILL; keep it above the
# optimizer's --grace-period (60s) so running tasks can finish and report.
: "${LAKEWARD_OPTIMIZER_STOP_TIMEOUT:=120}"

# The --add-opens list that Spark needs on Java 17 (the AMS hosts a local Spark session for the
# terminal and launches Spark optimizers). Keep in sync with lakeward.add-opens in pom.xml.
LAKEWARD_ADD_OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
--add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
