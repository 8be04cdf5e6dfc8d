package io.lakeward.optimizer.rewrite;

/**
 * A rewrite stopped because its thread was interrupted (an optimizer shutting down past its grace
 * period, a cancelled Spark task). The files it wrote are deleted; the thread's interrupt flag stays set.
 */
public class RewriteInterruptedException extends RuntimeException {
  public RewriteInterruptedException(String message) {
    super(message);
  }

  public RewriteInterruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
