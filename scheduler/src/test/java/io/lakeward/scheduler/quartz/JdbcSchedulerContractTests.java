package io.lakeward.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;

/**
 * What the JDBC job store adds, on each database the AMS supports: schedules that survive a restart,
 * a missed fire made up once, and clustered instances that run each fire once between them.
 */
public abstract class JdbcSchedulerContractTests extends SchedulerContractTests {
  /** Short enough that tests see misfires and failed cluster instances within seconds. */
  protected static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(1);
  protected static final Duration CHECKIN_INTERVAL = Duration.ofMillis(500);

  @TempDir
  protected Path directory;

  private DataSource dataSource;

  /** A new, empty database with the AMS schema (or at least its V6 Quartz tables). */
  protected abstract DataSource openDatabase(Path directory) throws Exception;

  protected abstract void closeDatabase() throws Exception;

  /** Whether the schedulers of the shared tests run clustered, as the AMS does on this database. */
  protected abstract boolean clustered();

  @BeforeEach
  void createDatabase() throws Exception {
    dataSource = openDatabase(directory);
  }

  @AfterEach
  void dropDatabase() throws Exception {
    closeSchedulers();
    closeDatabase();
  }

  @Override
  protected SchedulerSettings settings(String name, int threads) {
    return settings(name, threads, clustered());
  }

  protected SchedulerSettings settings(String name, int threads, boolean clustered) {
    return SchedulerSettings.jdbc(name, threads, dataSource, SchedulerSettings.STD_JDBC_DELEGATE, clustered)
        .withMisfireThreshold(MISFIRE_THRESHOLD)
        .withClusterCheckinInterval(CHECKIN_INTERVAL);
  }

  protected DataSource dataSource() {
    return dataSource;
  }

  @Test
  void cronTriggersSurviveARestartAndFireWithoutBeingScheduledAgain() throws Exception {
    CronFires fires = new CronFires();
    LakewardScheduler first = open(2);
    first.onCron(fires.handler("first"));
    first.schedule("kept", Duration.ofHours(1), Duration.ofHours(1), () -> {});
    first.schedule("retired", Duration.ofHours(1), Duration.ofHours(1), () -> {});
    first.start();
    first.scheduleCron("lake.db.orders:full", EVERY_SECOND, "Europe/Berlin", Map.of("type", "FULL"));
    fires.awaitAtLeast("lake.db.orders:full", 1);
    first.close();
    assertThat(storedJobs("lakeward-cron")).containsExactly("lake.db.orders:full");

    LakewardScheduler second = open(2);
    assertThat(second.cronKeys()).containsExactly("lake.db.orders:full");
    second.onCron(fires.handler("second"));
    second.schedule("kept", Duration.ofHours(1), Duration.ofHours(1), () -> {});
    second.start();
    Await.until(() -> fires.of("lake.db.orders:full").stream().anyMatch(f -> f.instance().equals("second")),
        () -> "a fire on the restarted scheduler (got " + fires.all() + ")");
    CronFires.Fire fire = fires.of("lake.db.orders:full").get(fires.of("lake.db.orders:full").size() - 1);
    assertThat(fire.data()).isEqualTo(Map.of("type", "FULL"));
    assertThat(storedJobs("lakeward-periodic")).as("periodic tasks this run does not schedule are removed")
        .containsExactly("kept");
  }

  @Test
  void aCronFireMissedWhileDownIsMadeUpOnceAtStartUp() throws Exception {
    // Three fires due in the next seconds, then none for most of a minute: all three are missed
    // while no scheduler runs.
    int second = Instant.now().atOffset(ZoneOffset.UTC).getSecond();
    String seconds = List.of(2, 3, 4).stream().map(d -> String.valueOf((second + d) % 60))
        .collect(Collectors.joining(","));
    String expression = seconds + " * * * * ?";
    CronFires fires = new CronFires();
    LakewardScheduler before = open(2);
    before.onCron(fires.handler("before"));
    before.start();
    before.scheduleCron("nightly", expression, null, Map.of("run", "1"));
    before.close();
    assertThat(fires.all()).as("closed before the first fire").isEmpty();

    List<Instant> times = fireTimes(expression, 4);
    List<Instant> missed = times.subList(0, 3);
    Instant nextRegular = times.get(3);
    Await.clockPasses(missed.get(2).plus(MISFIRE_THRESHOLD).plusMillis(500));

    LakewardScheduler after = open(2);
    after.onCron(fires.handler("after"));
    // The AMS schedules its cron triggers again at every start; the same expression keeps the
    // missed fire (only the data changes).
    after.scheduleCron("nightly", expression, null, Map.of("run", "2"));
    after.start();
    Await.until(() -> !fires.of("nightly").isEmpty()
            && after.nextCronFireTime("nightly").map(next -> !next.isBefore(nextRegular)).orElse(false),
        () -> "the made-up fire (fires " + fires.all() + ", next " + after.nextCronFireTime("nightly") + ")");
    assertThat(fires.of("nightly")).as("three missed fires are made up once").hasSize(1);
    CronFires.Fire madeUp = fires.of("nightly").get(0);
    assertThat(madeUp.data()).isEqualTo(Map.of("run", "2"));
    assertThat(madeUp.scheduledFireTime()).isAfter(missed.get(2)).isBefore(nextRegular);
  }

  @Test
  void clusteredInstancesRunEachFireOnce() throws Exception {
    CronFires fires = new CronFires();
    LakewardScheduler a = open(settings(NAME, 2, true));
    LakewardScheduler b = open(settings(NAME, 2, true));
    a.onCron(fires.handler("a"));
    b.onCron(fires.handler("b"));
    List<String> keys = List.of("t1", "t2", "t3");
    keys.forEach(key -> a.scheduleCron(key, EVERY_SECOND, null, Map.of()));
    assertThat(b.cronKeys()).as("both instances see one set of triggers").containsExactlyElementsOf(keys);
    a.start();
    b.start();
    keys.forEach(key -> fires.awaitAtLeast(key, 5));
    assertThat(storedCount("SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = ?"))
        .as("both instances checked in to the cluster").isEqualTo(2);
    a.close();
    b.close();

    Map<String, List<CronFires.Fire>> byFire = fires.all().stream()
        .collect(Collectors.groupingBy(f -> f.key() + "@" + f.scheduledFireTime()));
    assertThat(byFire.values()).as("every fire ran on one instance only: %s", fires.all())
        .allSatisfy(same -> assertThat(same).hasSize(1));
  }

  /** The job names the store holds in group, read from the database itself. */
  protected Set<String> storedJobs(String group) throws SQLException {
    Set<String> names = new TreeSet<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(
            "SELECT JOB_NAME FROM QRTZ_JOB_DETAILS WHERE SCHED_NAME = ? AND JOB_GROUP = ?")) {
      select.setString(1, NAME);
      select.setString(2, group);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    return names;
  }

  private int storedCount(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, NAME);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  private static List<Instant> fireTimes(String expression, int count) throws Exception {
    CronExpression cron = new CronExpression(expression);
    cron.setTimeZone(TimeZone.getTimeZone("UTC"));
    List<Instant> times = new ArrayList<>();
    // The first fire counted is the first one after the trigger was scheduled, a moment ago.
    Date next = cron.getNextValidTimeAfter(new Date(System.currentTimeMillis() - 1000));
    while (times.size() < count) {
      times.add(next.toInstant());
      next = cron.getNextValidTimeAfter(next);
    }
    return times;
  }
}
