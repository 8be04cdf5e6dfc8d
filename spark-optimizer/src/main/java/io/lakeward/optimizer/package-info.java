/**
 * Optimizers: processes that register with the AMS optimizing service, poll tasks and execute them.
 * {@code rewrite} executes one task; {@code runtime} is the polling optimizer every kind shares;
 * {@code standalone} is a plain-JVM optimizer process and {@code spark} the Spark application.
 */
package io.lakeward.optimizer;
