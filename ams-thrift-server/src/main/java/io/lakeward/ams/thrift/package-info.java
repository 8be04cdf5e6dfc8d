/**
 * Where Thrift requests enter the AMS: the non-blocking servers on the catalog and optimizing ports
 * and the translation of Lakeward errors into declared Thrift exceptions.
 */
package io.lakeward.ams.thrift;
