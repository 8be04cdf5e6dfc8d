package io.lakeward.scheduler.quartz;

/** The in-memory store. */
class RamSchedulerTest extends SchedulerContractTests {
  @Override
  protected SchedulerSettings settings(String name, int threads) {
    return SchedulerSettings.ram(name, threads);
  }
}
