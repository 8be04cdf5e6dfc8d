/**
 * SQL terminal sessions for data teams: a Kyuubi (HiveServer2-protocol) backend through the Kyuubi JDBC driver, or a local Spark session.
 */
package io.lakeward.terminal;
