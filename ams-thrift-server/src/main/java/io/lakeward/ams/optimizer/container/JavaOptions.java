package io.lakeward.ams.optimizer.container;

import java.util.List;

/** JVM options every JVM that runs Spark on Java 17 needs (kept in step with conf/lakeward-env.sh). */
final class JavaOptions {
  static final List<String> ADD_OPENS = List.of(
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED");

  private JavaOptions() {}

  /** The java executable of the running JVM, so launched JVMs use the AMS's Java (its JAVA_HOME). */
  static String currentJava() {
    return java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }
}
