/**
 * The standalone optimizer: a plain JVM ({@code sbin/optimizer.sh}) whose threads poll tasks and
 * rewrite them themselves.
 */
package io.lakeward.optimizer.standalone;
