/**
 * Optimizer applications the AMS launches: {@link io.lakeward.ams.optimizer.OptimizerLauncher} decides
 * per group when to launch (resident min-parallelism, on-demand for pending work, never beyond
 * max-parallelism, backing off after failed launches), follows each application from STARTING to how
 * it ended ({@link io.lakeward.ams.optimizer.ApplicationStatus}), and kills them on request. How an
 * application is started is the business of a container, in {@code io.lakeward.ams.optimizer.container}.
 */
package io.lakeward.ams.optimizer;
