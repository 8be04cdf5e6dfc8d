/**
 * The Iceberg catalog engines load to reach the AMS: {@link io.lakeward.catalog.LakewardCatalog},
 * configured with nothing but {@code uri=thrift://<ams-host>:1260/<catalog>}.
 */
package io.lakeward.catalog;
