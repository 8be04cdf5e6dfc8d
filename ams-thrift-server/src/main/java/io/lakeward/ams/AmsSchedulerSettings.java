package io.lakeward.ams;

import io.lakeward.ams.config.DatabaseType;
import io.lakeward.ams.config.SchedulerConfig;
import io.lakeward.ams.persistence.AmsDatabase;
import io.lakeward.scheduler.quartz.SchedulerSettings;

/** The scheduler settings of an AMS: its configuration applied to its database. */
final class AmsSchedulerSettings {
  /**
   * The SCHED_NAME of the AMS's rows in the QRTZ_ tables: the same in every AMS process, so that
   * processes sharing a database form one cluster.
   */
  static final String SCHEDULER_NAME = "lakeward-ams";

  private AmsSchedulerSettings() {}

  static SchedulerSettings of(SchedulerConfig config, AmsDatabase database) {
    if (!config.usesJdbcStore()) {
      return SchedulerSettings.ram(SCHEDULER_NAME, config.threadCount())
          .withMisfireThreshold(config.misfireThreshold());
    }
    // Several AMS processes can share a MySQL database; an embedded Derby database belongs to one
    // process, so clustering would only add check-ins. StdJDBCDelegate speaks both dialects.
    boolean clustered = database.type() == DatabaseType.MYSQL;
    return SchedulerSettings.jdbc(SCHEDULER_NAME, config.threadCount(), database.dataSource(),
            SchedulerSettings.STD_JDBC_DELEGATE, clustered)
        .withClusterCheckinInterval(config.clusterCheckinInterval())
        .withMisfireThreshold(config.misfireThreshold());
  }
}
