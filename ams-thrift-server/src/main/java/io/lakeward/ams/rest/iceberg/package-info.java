/**
 * The Iceberg REST catalog protocol, served at /api/iceberg/rest with warehouse=&lt;catalog name&gt;:
 * routing and JSON here, catalog semantics in {@link io.lakeward.ams.catalog.internal.AmsIcebergCatalog}.
 */
package io.lakeward.ams.rest.iceberg;
