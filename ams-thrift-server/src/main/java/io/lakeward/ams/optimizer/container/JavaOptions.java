package io.lakeward.ams.optimizer.container;

import io.lakeward.common.spark.SparkJavaOptions;
import java.util.List;

/** JVM options every JVM that runs Spark on Java 17 needs. */
final class JavaOptions {
  static final List<String> ADD_OPENS = SparkJavaOptions.ADD_OPENS;

  private JavaOptions() {}

  /** The java executable of the running JVM, so launched JVMs use the AMS's Java (its JAVA_HOME). */
  static String currentJava() {
    return java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }
}
