/**
 * What every optimizer does, whatever executes its rewrites: registration and heartbeats, one
 * polling thread per execution slot, ack and completion with retries, idle exit and graceful stop
 * ({@link io.lakeward.optimizer.runtime.Optimizer}), and the shared command-line options.
 */
package io.lakeward.optimizer.runtime;
