package io.lakeward.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeward.ams.testing.TestAms;
import io.lakeward.common.thrift.ThriftClients;
import io.lakeward.common.thrift.ThriftEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lakeward Thrift client must work inside Spark, whose Hive classes bring libthrift 0.12: our
 * copy is relocated, so both load side by side and a ping reaches a running AMS from the driver and
 * from inside Spark tasks.
 */
class ThriftClasspathTest {
  @TempDir
  Path home;

  @Test
  void lakewardClientPingsTheAmsNextToSparksOwnLibthrift() throws Exception {
    Class<?> sparkThrift = Class.forName("org.apache.thrift.TBase");
    assertThat(jarOf(sparkThrift)).as("Spark's Hive support brings its own libthrift").contains("libthrift-0.12");
    Class<?> lakewardThrift = Class.forName("io.lakeward.shaded.thrift.TBase");
    assertThat(jarOf(lakewardThrift)).contains("lakeward-thrift");
    assertThat(Class.forName("io.lakeward.api.OptimizingService").getInterfaces()).isEmpty();

    try (TestAms ams = TestAms.start(TestAms.derby(home), home)) {
      String host = ams.optimizingEndpoint().host();
      int port = ams.optimizingEndpoint().port();
      assertThat(ping(host, port)).isEqualTo("optimizing");

      SparkSession spark = SparkSession.builder().master("local[2]").appName("thrift-classpath")
          .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
      try {
        MapFunction<Long, String> pingFromTask = i -> ping(host, port) + "@" + org.apache.spark.TaskContext.getPartitionId();
        List<String> answers = spark.range(0, 4, 1, 2).map(pingFromTask, Encoders.STRING()).collectAsList();
        assertThat(answers).hasSize(4).allSatisfy(a -> assertThat(a).startsWith("optimizing@"));
        assertThat(answers).extracting(a -> a.substring(a.indexOf('@') + 1)).containsOnly("0", "1");
      } finally {
        spark.stop();
      }
    }
  }

  static String ping(String host, int port) throws Exception {
    try (var client = ThriftClients.optimizing(new ThriftEndpoint(host, port, Optional.empty()), Duration.ofSeconds(10))) {
      return client.client().ping().getServiceName();
    }
  }

  private static String jarOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation().toString();
  }
}
