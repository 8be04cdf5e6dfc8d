package io.lakeward.ams.maintenance;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.TableName;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real maintainer behind a gate the test opens: while held, a run stays RUNNING (inside the
 * maintainer) until released, so a test can act on a run in flight deterministically. Open by
 * default; the work itself is the real maintainer's.
 */
final class HeldMaintainer implements TableMaintainer {
  private final TableMaintainer delegate;
  private final BlockingQueue<TableName> entered = new LinkedBlockingQueue<>();
  private volatile CountDownLatch gate = new CountDownLatch(0);

  HeldMaintainer(TableMaintainer delegate) {
    this.delegate = requireNonNull(delegate, "delegate is null");
  }

  /** Runs that start from now on wait until release(). */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  /** The table of the next run that reached the maintainer; fails after the timeout. */
  TableName awaitRun(long timeoutSeconds) throws InterruptedException {
    TableName table = entered.poll(timeoutSeconds, TimeUnit.SECONDS);
    if (table == null) {
      throw new AssertionError("No " + delegate.action().wireName() + " run started within " + timeoutSeconds + "s");
    }
    return table;
  }

  @Override
  public MaintenanceAction action() {
    return delegate.action();
  }

  @Override
  public MaintenanceOutcome maintain(MaintenanceContext context) {
    entered.add(context.name());
    try {
      if (!gate.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("Held for more than 60s; the test never released the run");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while held", e);
    }
    return delegate.maintain(context);
  }
}
