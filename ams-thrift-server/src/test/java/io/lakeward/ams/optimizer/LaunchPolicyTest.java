package io.lakeward.ams.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.common.exceptions.ConflictException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class LaunchPolicyTest {
  private static final long NOW = 1_000_000L;
  private static final BooleanSupplier PENDING = () -> true;
  private static final BooleanSupplier IDLE = () -> false;
  private static final BooleanSupplier NEVER_ASKED = () -> {
    throw new AssertionError("pending work need not be looked up");
  };

  @Test
  void residentApplicationsFillTheGapToMinParallelismWithinMax() {
    GroupLaunchSettings settings = settings(Map.of("min-parallelism", "3", "max-parallelism", "4"));
    LaunchPolicy.Decision decision = LaunchPolicy.decide(settings, 1, 1, 1, NEVER_ASKED, null, NOW);
    assertThat(decision.reason()).isEqualTo(LaunchReason.RESIDENT);
    assertThat(decision.parallelism()).isEqualTo(2);
    assertThat(decision.idleExitSeconds()).as("never idles out").isZero();
    assertThat(LaunchPolicy.decide(settings, 3, 1, 1, NEVER_ASKED, null, NOW).launches()).isFalse();
    assertThat(LaunchPolicy.decide(settings(Map.of("min-parallelism", "4", "max-parallelism", "4")), 3, 1, 0, IDLE,
        null, NOW).parallelism()).isEqualTo(1);
    assertThat(LaunchPolicy.decide(settings, 0, 0, 0, NEVER_ASKED, NOW + 1, NOW).explanation())
        .startsWith("backing off after failed launches until");
  }

  @Test
  void onDemandOnlyForPendingWorkWithNobodyToRunIt() {
    GroupLaunchSettings settings = settings(Map.of("parallelism", "3", "max-parallelism", "4", "idle-exit", "90s"));
    LaunchPolicy.Decision decision = LaunchPolicy.decide(settings, 0, 0, 0, PENDING, null, NOW);
    assertThat(decision.reason()).isEqualTo(LaunchReason.ON_DEMAND);
    assertThat(decision.parallelism()).isEqualTo(3);
    assertThat(decision.idleExitSeconds()).isEqualTo(90);
    assertThat(LaunchPolicy.decide(settings, 0, 0, 0, IDLE, null, NOW).explanation()).isEqualTo("no pending work");
    assertThat(LaunchPolicy.decide(settings, 0, 0, 2, NEVER_ASKED, null, NOW).explanation())
        .isEqualTo("2 optimizer(s) registered in the group");
    assertThat(LaunchPolicy.decide(settings, 3, 1, 0, NEVER_ASKED, null, NOW).explanation())
        .isEqualTo("1 launched application(s) live, 3 slots");
    assertThat(LaunchPolicy.decide(settings, 0, 0, 0, PENDING, NOW + 1, NOW).launches()).isFalse();
    assertThat(LaunchPolicy.decide(settings, 0, 0, 0, PENDING, NOW, NOW).launches()).as("back-off over").isTrue();
    // Slots of killed applications still stopping leave less room.
    assertThat(LaunchPolicy.decide(settings, 2, 0, 0, PENDING, null, NOW).parallelism()).isEqualTo(2);
    assertThat(LaunchPolicy.decide(settings(Map.of("max-parallelism", "0")), 0, 0, 0, NEVER_ASKED, null, NOW)
        .explanation()).isEqualTo("at max-parallelism 0");
  }

  @Test
  void consecutiveFailuresDoubleTheBackoffUpTo64Times() {
    Duration backoff = Duration.ofSeconds(10);
    assertThat(LaunchPolicy.backoffUntil(List.of(), backoff)).isNull();
    assertThat(LaunchPolicy.backoffUntil(List.of(app(3, ApplicationStatus.EXITED, 500L), app(2, ApplicationStatus.FAILED, 400L)),
        backoff)).as("the newest ended application did not fail").isNull();
    assertThat(LaunchPolicy.backoffUntil(List.of(app(2, ApplicationStatus.FAILED, 400L)), backoff)).isEqualTo(10_400);
    assertThat(LaunchPolicy.backoffUntil(List.of(app(4, ApplicationStatus.STARTING, null),
        app(3, ApplicationStatus.FAILED, 900L), app(2, ApplicationStatus.FAILED, 400L), app(1, ApplicationStatus.KILLED, 300L),
        app(0, ApplicationStatus.FAILED, 100L)), backoff)).as("live ones skipped, a kill ends the run").isEqualTo(20_900);
    List<OptimizerApplication> many = java.util.stream.IntStream.range(0, 8)
        .mapToObj(i -> app(8 - i, ApplicationStatus.FAILED, 1000L - i)).toList();
    assertThat(LaunchPolicy.backoffUntil(many, backoff)).isEqualTo(1000 + 640_000);
  }

  @Test
  void anApplicationEndsOnce() {
    assertThat(ApplicationStatus.STARTING.moveTo(ApplicationStatus.RUNNING)).isEqualTo(ApplicationStatus.RUNNING);
    assertThat(ApplicationStatus.RUNNING.canMoveTo(ApplicationStatus.STARTING)).isFalse();
    for (ApplicationStatus ended : List.of(ApplicationStatus.EXITED, ApplicationStatus.FAILED, ApplicationStatus.KILLED,
        ApplicationStatus.LOST)) {
      assertThat(ended.isLive()).isFalse();
      assertThat(ApplicationStatus.STARTING.canMoveTo(ended)).isTrue();
      assertThat(ApplicationStatus.RUNNING.canMoveTo(ended)).isTrue();
      assertThatThrownBy(() -> ended.moveTo(ApplicationStatus.KILLED)).isInstanceOf(ConflictException.class)
          .hasMessage("Cannot move an optimizer application from " + ended + " to KILLED");
    }
  }

  @Test
  void groupSettingsHaveDefaultsAndCollectSparkSettings() {
    GroupLaunchSettings defaults = GroupLaunchSettings.defaults();
    assertThat(defaults.minParallelism()).isZero();
    assertThat(defaults.maxParallelism()).isEqualTo(4);
    assertThat(defaults.parallelism()).isEqualTo(2);
    assertThat(defaults.idleExit()).isEqualTo(Duration.ofMinutes(5));
    assertThat(defaults.driverMemory()).isNull();
    GroupLaunchSettings set = settings(Map.of("idle-exit", "1500ms", "driver-memory", "2GB",
        "spark-conf.spark.executor.memory", "4g", "spark-conf.spark.executor.instances", "2"));
    assertThat(set.idleExitSeconds()).as("rounded up").isEqualTo(2);
    assertThat(set.driverMemory().bytes()).isEqualTo(2L << 30);
    assertThat(set.sparkConf()).containsExactly(Map.entry("spark.executor.instances", "2"),
        Map.entry("spark.executor.memory", "4g"));
  }

  private static GroupLaunchSettings settings(Map<String, String> properties) {
    return GroupLaunchSettings.of(properties);
  }

  private static OptimizerApplication app(long id, ApplicationStatus status, Long endedAt) {
    return new OptimizerApplication(id, "g", "local", OptimizerApplication.resourceId(id), LaunchReason.ON_DEMAND, 1, 60,
        status, "host", null, null, null, null, 0, null, null, endedAt, null, null);
  }
}
