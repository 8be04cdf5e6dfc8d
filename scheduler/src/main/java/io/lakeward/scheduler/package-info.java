/**
 * Quartz schedules, table evaluation and optimizing planning. The AMS runs it; it owns when work happens and what the work is.
 */
package io.lakeward.scheduler;
