/**
 * Catalogs the AMS serves: the registry of catalog definitions, the internal catalog's databases and
 * table metadata pointers, table blockers, and the Thrift catalog service (port 1260) that engines call.
 */
package io.lakeward.ams.catalog;
