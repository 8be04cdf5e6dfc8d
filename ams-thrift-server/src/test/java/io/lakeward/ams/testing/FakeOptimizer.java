package io.lakeward.ams.testing;

import io.lakeward.api.OptimizerRegisterInfo;
import io.lakeward.api.UnauthorizedException;
import io.lakeward.common.config.Durations;
import io.lakeward.common.thrift.ThriftClients;
import io.lakeward.common.thrift.ThriftEndpoint;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the Spark optimizer application, run as a real JVM by test containers: it takes the
 * Spark optimizer's arguments, registers with the AMS under the given resource id, heartbeats, never
 * takes a task, and exits 0 after --idle-exit-seconds (0: never) or on SIGTERM, as the real one does.
 * Spark settings passed as --conf steer it: spark.lakeward.test.exit-code=N exits with N at once,
 * spark.lakeward.test.register=false never registers.
 */
public final class FakeOptimizer {
  private static volatile boolean exiting;

  private FakeOptimizer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    Map<String, String> conf = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--conf")) {
        String[] pair = args[i + 1].split("=", 2);
        conf.put(pair[0], pair.length > 1 ? pair[1] : "");
      } else {
        options.put(args[i], args[i + 1]);
      }
    }
    String resourceId = options.get("--resource-id");
    System.out.println("fake optimizer " + resourceId + " of group " + options.get("--group") + " starting");
    // The real optimizer exits 0 on SIGTERM after returning its tasks.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (!exiting) {
        System.out.println("fake optimizer " + resourceId + " stopped by a signal");
        Runtime.getRuntime().halt(0);
      }
    }));
    if (conf.containsKey("spark.lakeward.test.exit-code")) {
      System.out.println("fake optimizer failing on purpose");
      exit(Integer.parseInt(conf.get("spark.lakeward.test.exit-code")));
    }
    Duration heartbeat = Durations.parse(options.getOrDefault("--heartbeat-interval", "1s"));
    long idleExitMillis = Long.parseLong(options.getOrDefault("--idle-exit-seconds", "0")) * 1000;
    boolean register = !"false".equals(conf.get("spark.lakeward.test.register"));
    ThriftEndpoint ams = ThriftEndpoint.parse(options.get("--ams"));
    long started = System.currentTimeMillis();
    String token = null;
    while (idleExitMillis == 0 || System.currentTimeMillis() - started < idleExitMillis) {
      if (register) {
        token = beat(ams, token, options, resourceId);
      }
      Thread.sleep(Math.min(heartbeat.toMillis(), 500));
    }
    System.out.println("fake optimizer " + resourceId + " idle for " + idleExitMillis + " ms: exiting");
    exit(0);
  }

  private static String beat(ThriftEndpoint ams, String token, Map<String, String> options, String resourceId) {
    try (var connection = ThriftClients.optimizing(ams, Duration.ofSeconds(10))) {
      if (token != null) {
        try {
          connection.client().heartbeat(token);
          return token;
        } catch (UnauthorizedException e) {
          System.out.println("registration lost: registering again");
        }
      }
      int threads = Integer.parseInt(options.get("--parallelism"));
      return connection.client().registerOptimizer(new OptimizerRegisterInfo().setGroup(options.get("--group"))
          .setThreadCount(threads).setResourceId(resourceId).setHost("127.0.0.1")
          .setProperties(Map.of("optimizer-type", "fake", "spark.app.id", "fake-" + resourceId,
              "spark.master", "local[" + threads + "]"))).getToken();
    } catch (Exception e) {
      System.out.println("cannot reach the AMS: " + e);
      return token;
    }
  }

  private static void exit(int code) {
    exiting = true;
    System.exit(code);
  }

  /** The command that runs this class in a JVM on the test classpath, followed by the given arguments. */
  public static List<String> command(List<String> arguments) {
    List<String> command = new java.util.ArrayList<>(List.of(
        java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        FakeOptimizer.class.getName()));
    command.addAll(arguments);
    return command;
  }
}
