/**
 * Executes one rewrite task ({@link io.lakeward.optimizer.rewrite.RewriteExecutor}): reads data files
 * with their deletes applied and writes them back as new files of the table's current spec. Depends on
 * Iceberg and Hadoop APIs only, so it runs in the standalone optimizer and on Spark executors alike.
 */
package io.lakeward.optimizer.rewrite;
