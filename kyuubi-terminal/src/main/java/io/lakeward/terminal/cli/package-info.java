/**
 * The command-line SQL client ({@code sbin/lakeward-sql.sh}): runs scripts through the AMS terminal REST API
 * ({@code /api/ams/v1/terminal}) and prints their results as an aligned table, CSV or JSON. It talks HTTP only, so
 * it needs none of the server-side terminal classes and runs from this module's jar plus picocli, JLine and Jackson.
 */
package io.lakeward.terminal.cli;
