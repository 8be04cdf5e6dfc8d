/**
 * Optimizing as the AMS sees it: registered optimizers and the Thrift optimizing service (port 1261)
 * they call. Planning, task queues and commits arrive with the self-optimizing core.
 */
package io.lakeward.ams.optimizing;
