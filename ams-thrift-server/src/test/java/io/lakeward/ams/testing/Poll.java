package io.lakeward.ams.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Waiting for asynchronous outcomes by polling with a deadline, never by sleeping a fixed time. */
public final class Poll {
  private Poll() {}

  /** Polls until the supplier returns the expected value; fails with the last value after the timeout. */
  public static <T> void until(Supplier<T> actual, T expected, long timeoutSeconds, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    T last = actual.get();
    while (!expected.equals(last)) {
      assertThat(System.nanoTime()).as("%s never became %s (last: %s)", what, expected, last).isLessThan(deadline);
      Thread.sleep(100);
      last = actual.get();
    }
  }

  /** Polls until the supplied value satisfies done; returns it, or fails with the last value after the timeout. */
  public static <T> T untilJson(Supplier<T> actual, java.util.function.Predicate<T> done, long timeoutSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    T last = actual.get();
    while (!done.test(last)) {
      assertThat(System.nanoTime()).as("condition never held (last: %s)", last).isLessThan(deadline);
      Thread.sleep(100);
      last = actual.get();
    }
    return last;
  }

  /** The tables the AMS manages in a catalog, as "database.table". */
  public static Set<String> managedTables(TestAms ams, String catalog) {
    Set<String> names = new HashSet<>();
    ams.rest().get("/api/ams/v1/tables?catalog=" + catalog).json()
        .forEach(t -> names.add(t.get("database").asText() + "." + t.get("table").asText()));
    return names;
  }

  public static void untilManaged(TestAms ams, String catalog, Set<String> expected) throws InterruptedException {
    until(() -> managedTables(ams, catalog), expected, 60, "managed tables of " + catalog);
  }
}
