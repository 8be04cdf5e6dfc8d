/**
 * The Spark optimizer application ({@link io.lakeward.optimizer.spark.SparkOptimizer}): the driver
 * is an optimizer whose tasks run as Spark jobs on the executors.
 */
package io.lakeward.optimizer.spark;
