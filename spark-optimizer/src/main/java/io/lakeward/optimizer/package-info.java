/**
 * Optimizers: processes that register with the AMS optimizing service, poll tasks and execute them.
 * {@code rewrite} executes one task; {@code standalone} is a plain-JVM optimizer process.
 */
package io.lakeward.optimizer;
