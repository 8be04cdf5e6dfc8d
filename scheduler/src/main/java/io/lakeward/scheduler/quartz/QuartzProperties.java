package io.lakeward.scheduler.quartz;

import java.util.Properties;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.simpl.RAMJobStore;

/** The Quartz configuration of one {@link LakewardScheduler}, from its settings. */
final class QuartzProperties {
  static final String TABLE_PREFIX = "QRTZ_";

  private QuartzProperties() {}

  /**
   * @param instanceName the name Quartz registers the scheduler under in this JVM (unique per JVM)
   * @param connectionProviderName the name the JDBC store's connection provider is registered under
   */
  static Properties of(SchedulerSettings settings, String instanceName, String connectionProviderName) {
    Properties properties = new Properties();
    properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, instanceName);
    properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, StdSchedulerFactory.AUTO_GENERATE_INSTANCE_ID);
    properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID_GENERATOR_CLASS,
        UniqueInstanceIdGenerator.class.getName());
    properties.setProperty("org.quartz.threadPool.threadCount", String.valueOf(settings.threadCount()));
    properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    // A job that started while close() interrupted the running ones is interrupted by Quartz itself.
    properties.setProperty(StdSchedulerFactory.PROP_SCHED_INTERRUPT_JOBS_ON_SHUTDOWN_WITH_WAIT, "true");
    if (settings.store() == SchedulerSettings.Store.RAM) {
      properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, RAMJobStore.class.getName());
      properties.setProperty("org.quartz.jobStore.misfireThreshold",
          String.valueOf(settings.misfireThreshold().toMillis()));
      return properties;
    }
    properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, LakewardJobStore.class.getName());
    properties.setProperty("org.quartz.jobStore.sharedName", settings.name());
    properties.setProperty("org.quartz.jobStore.dataSource", connectionProviderName);
    properties.setProperty("org.quartz.jobStore.driverDelegateClass", settings.driverDelegateClass());
    properties.setProperty("org.quartz.jobStore.tablePrefix", TABLE_PREFIX);
    // Job data is only ever strings; storing them as properties keeps Java serialization out of the database.
    properties.setProperty("org.quartz.jobStore.useProperties", "true");
    properties.setProperty("org.quartz.jobStore.isClustered", String.valueOf(settings.clustered()));
    properties.setProperty("org.quartz.jobStore.clusterCheckinInterval",
        String.valueOf(settings.clusterCheckinInterval().toMillis()));
    properties.setProperty("org.quartz.jobStore.misfireThreshold",
        String.valueOf(settings.misfireThreshold().toMillis()));
    return properties;
  }
}
