/** Pieces shared by the AMS and the optimizers: configuration binding, typed errors, Thrift client plumbing. */
package io.lakeward.common;
