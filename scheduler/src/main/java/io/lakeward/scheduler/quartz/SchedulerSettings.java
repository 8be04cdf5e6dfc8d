package io.lakeward.scheduler.quartz;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * How a {@link LakewardScheduler} keeps its jobs and triggers.
 *
 * @param name the scheduler's name; on the JDBC store it is the {@code SCHED_NAME} of its rows, so
 *     every process of one cluster must use the same name
 * @param threadCount threads that run jobs
 * @param store where jobs and triggers live
 * @param dataSource the database of the JDBC store (its {@code QRTZ_} tables must exist); null for RAM
 * @param driverDelegateClass the Quartz SQL dialect of that database; null for RAM
 * @param clustered whether several processes share the JDBC store (each fire runs on one of them)
 * @param clusterCheckinInterval how often a clustered instance records that it is alive; a silent
 *     instance's work is taken over by the others
 * @param misfireThreshold how late a fire may be before it counts as missed and its trigger's
 *     misfire instruction applies
 */
public record SchedulerSettings(
    String name,
    int threadCount,
    Store store,
    DataSource dataSource,
    String driverDelegateClass,
    boolean clustered,
    Duration clusterCheckinInterval,
    Duration misfireThreshold) {

  /** Quartz's ANSI delegate; it serves MySQL, MariaDB and Derby 10.16 (BLOB job data included). */
  public static final String STD_JDBC_DELEGATE = "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
  public static final Duration DEFAULT_CLUSTER_CHECKIN_INTERVAL = Duration.ofSeconds(15);
  public static final Duration DEFAULT_MISFIRE_THRESHOLD = Duration.ofSeconds(60);

  /** Where the scheduler keeps jobs and triggers. */
  public enum Store {
    /** In memory: nothing survives a restart. */
    RAM,
    /** Quartz's JobStoreTX on the {@code QRTZ_} tables of a database. */
    JDBC
  }

  public SchedulerSettings {
    requireNonNull(name, "name is null");
    requireNonNull(store, "store is null");
    requireNonNull(clusterCheckinInterval, "clusterCheckinInterval is null");
    requireNonNull(misfireThreshold, "misfireThreshold is null");
    checkArgument(!name.isBlank(), "Invalid scheduler name: '%s'", name);
    checkArgument(threadCount > 0, "Invalid scheduler thread count: %s", threadCount);
    checkArgument(misfireThreshold.toMillis() >= 1, "Invalid misfire threshold: %s", misfireThreshold);
    checkArgument(clusterCheckinInterval.toMillis() >= 1, "Invalid cluster check-in interval: %s",
        clusterCheckinInterval);
    if (store == Store.JDBC) {
      requireNonNull(dataSource, "dataSource is null");
      requireNonNull(driverDelegateClass, "driverDelegateClass is null");
    } else {
      checkArgument(!clustered, "Invalid scheduler settings: only the JDBC store can be clustered");
    }
  }

  /** An in-memory scheduler. */
  public static SchedulerSettings ram(String name, int threadCount) {
    return new SchedulerSettings(name, threadCount, Store.RAM, null, null, false,
        DEFAULT_CLUSTER_CHECKIN_INTERVAL, DEFAULT_MISFIRE_THRESHOLD);
  }

  /** A scheduler on the {@code QRTZ_} tables of dataSource, with default intervals. */
  public static SchedulerSettings jdbc(String name, int threadCount, DataSource dataSource,
      String driverDelegateClass, boolean clustered) {
    return new SchedulerSettings(name, threadCount, Store.JDBC, dataSource, driverDelegateClass, clustered,
        DEFAULT_CLUSTER_CHECKIN_INTERVAL, DEFAULT_MISFIRE_THRESHOLD);
  }

  public SchedulerSettings withMisfireThreshold(Duration threshold) {
    return new SchedulerSettings(name, threadCount, store, dataSource, driverDelegateClass, clustered,
        clusterCheckinInterval, threshold);
  }

  public SchedulerSettings withClusterCheckinInterval(Duration interval) {
    return new SchedulerSettings(name, threadCount, store, dataSource, driverDelegateClass, clustered,
        interval, misfireThreshold);
  }

  private static void checkArgument(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }
}
