/**
 * The contract of one rewrite task between the AMS and optimizers: what a task reads and writes
 * ({@link io.lakeward.scheduler.task.RewriteTaskInput}, {@link io.lakeward.scheduler.task.RewriteTaskOutput})
 * and their versioned wire encoding ({@link io.lakeward.scheduler.task.RewriteTaskCodec}).
 */
package io.lakeward.scheduler.task;
