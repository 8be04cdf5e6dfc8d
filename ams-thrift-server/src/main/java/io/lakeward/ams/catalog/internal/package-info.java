/**
 * The internal catalog as an Iceberg catalog: table and view metadata pointers in the AMS database,
 * metadata and data files under the catalog's warehouse. The Iceberg REST catalog serves it.
 */
package io.lakeward.ams.catalog.internal;
