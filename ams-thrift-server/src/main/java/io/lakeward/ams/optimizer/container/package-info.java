/**
 * The plugin boundary of optimizer containers: {@link io.lakeward.ams.optimizer.container.OptimizerContainer}
 * and its request and handle types, with the built-in containers: local (a child JVM running Spark's
 * SparkSubmit in local mode), spark (bin/spark-submit against a cluster) and external (launches
 * nothing). Implementations compile against this package alone; tests plug in their own.
 */
package io.lakeward.ams.optimizer.container;
