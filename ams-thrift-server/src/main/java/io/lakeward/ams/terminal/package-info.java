/**
 * The SQL terminal inside the AMS: builds the terminal service of module kyuubi-terminal from
 * {@code ams.terminal} and lets it reach AMS catalogs through the AMS's Iceberg REST catalog.
 */
package io.lakeward.ams.terminal;
