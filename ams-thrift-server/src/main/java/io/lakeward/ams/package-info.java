/**
 * The AMS process. {@link io.lakeward.ams.AmsMain} reads the configuration and starts
 * {@link io.lakeward.ams.AmsServer}, the composition root that wires every subsystem by constructor.
 */
package io.lakeward.ams;
