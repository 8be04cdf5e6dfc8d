/**
 * The optimizer: a Spark application that registers with the AMS optimizing service, polls tasks and executes them on Spark executors.
 */
package io.lakeward.optimizer;
