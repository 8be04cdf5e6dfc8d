/**
 * A plain-JVM optimizer process ({@link io.lakeward.optimizer.standalone.StandaloneOptimizer},
 * started by {@code sbin/optimizer.sh}): registration and heartbeats, one polling thread per
 * execution slot, graceful stop.
 */
package io.lakeward.optimizer.standalone;
