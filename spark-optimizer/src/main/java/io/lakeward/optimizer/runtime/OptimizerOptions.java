package io.lakeward.optimizer.runtime;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;

import io.lakeward.common.config.Durations;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.common.thrift.ThriftEndpoint;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Command-line options every optimizer takes (picocli mixin): where the AMS is, which group, and
 * how the optimizer talks to it. The command adds how many tasks run at once and where.
 */
public final class OptimizerOptions {
  @Option(names = {"-a", "--ams"}, required = true, paramLabel = "thrift://host:port", converter = EndpointConverter.class,
      description = "The AMS optimizing service, e.g. thrift://ams-host:1261.")
  private ThriftEndpoint ams;

  @Option(names = {"-g", "--group"}, required = true, paramLabel = "group", description = "The optimizer group to execute tasks of.")
  private String group;

  @Option(names = "--grace-period", defaultValue = "60s", paramLabel = "duration", converter = DurationConverter.class,
      description = "How long a stop waits for running tasks before interrupting them (default: ${DEFAULT-VALUE}).")
  private Duration gracePeriod;

  @Option(names = "--poll-interval", defaultValue = "1s", paramLabel = "duration", converter = DurationConverter.class,
      description = "Pause after a poll found no task (default: ${DEFAULT-VALUE}).")
  private Duration pollInterval;

  @Option(names = "--call-timeout", defaultValue = "30s", paramLabel = "duration", converter = DurationConverter.class,
      description = "Connect and read timeout of calls to the AMS (default: ${DEFAULT-VALUE}).")
  private Duration callTimeout;

  @Option(names = "--max-retry-delay", defaultValue = "30s", paramLabel = "duration", converter = DurationConverter.class,
      description = "Longest pause between retries while the AMS cannot be reached (default: ${DEFAULT-VALUE}).")
  private Duration maxRetryDelay;

  @Option(names = "--heartbeat-interval", defaultValue = "0s", paramLabel = "duration", converter = DurationConverter.class,
      description = "How often to heartbeat; 0 (the default) for the interval the AMS asks for at registration.")
  private Duration heartbeatInterval;

  @Option(names = "--idle-exit-seconds", defaultValue = "0", paramLabel = "seconds",
      description = "Exit after this many seconds without a task; 0 (the default) for never.")
  private long idleExitSeconds;

  @Option(names = "--resource-id", paramLabel = "id",
      description = "How this optimizer names its process to the AMS (default: <pid>@<host>); the AMS passes the id of an application it launched.")
  private String resourceId;

  /** The settings these options give, with the command's thread count and memory; throws InvalidInputException. */
  public OptimizerSettings settings(int threads, int memoryMb) {
    checkArgument(idleExitSeconds >= 0, "Invalid idle exit: %s seconds (0 for never, or more)", idleExitSeconds);
    return new OptimizerSettings(ams, group, threads, memoryMb, gracePeriod, pollInterval, callTimeout, maxRetryDelay,
        heartbeatInterval, Duration.ofSeconds(idleExitSeconds), resourceId);
  }

  public static final class EndpointConverter implements ITypeConverter<ThriftEndpoint> {
    @Override
    public ThriftEndpoint convert(String value) {
      try {
        ThriftEndpoint endpoint = ThriftEndpoint.parse(value);
        if (endpoint.catalog().isPresent()) {
          throw new TypeConversionException("Invalid AMS address '" + value + "': the optimizing service takes no catalog path");
        }
        return endpoint;
      } catch (InvalidInputException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("Invalid duration: " + e.getMessage());
      }
    }
  }
}
