package io.lakeward.optimizer.standalone;

import static java.util.Objects.requireNonNull;

import io.lakeward.common.config.Durations;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.common.thrift.ThriftEndpoint;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The standalone optimizer's command line. Bad arguments end with one line naming the problem, the
 * usage, and exit status 2; valid ones become {@link OptimizerSettings} for the runner.
 */
@Command(name = "optimizer", sortOptions = false,
    description = "Runs a Lakeward optimizer in this JVM: registers with the AMS, polls optimizing tasks of one group and executes them.")
public final class OptimizerCommand implements Callable<Integer> {
  private final ToIntFunction<OptimizerSettings> runner;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
  private boolean help;

  @Option(names = {"-a", "--ams"}, required = true, paramLabel = "thrift://host:port", converter = EndpointConverter.class,
      description = "The AMS optimizing service, e.g. thrift://ams-host:1261.")
  private ThriftEndpoint ams;

  @Option(names = {"-g", "--group"}, required = true, paramLabel = "group", description = "The optimizer group to execute tasks of.")
  private String group;

  @Option(names = {"-p", "--threads"}, required = true, paramLabel = "threads",
      description = "Execution threads; each runs one task at a time.")
  private int threads;

  @Option(names = {"-m", "--memory-mb"}, paramLabel = "MB",
      description = "Memory reported to the AMS (default: this JVM's max heap). sbin/optimizer.sh also sets the heap to it.")
  private Integer memoryMb;

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

  public OptimizerCommand(ToIntFunction<OptimizerSettings> runner) {
    this.runner = requireNonNull(runner, "runner is null");
  }

  /** Parses the arguments and runs; returns the exit status (2 for bad arguments). */
  public static int execute(ToIntFunction<OptimizerSettings> runner, String... args) {
    return new CommandLine(new OptimizerCommand(runner)).execute(args);
  }

  static int execute(ToIntFunction<OptimizerSettings> runner, PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new OptimizerCommand(runner)).setOut(out).setErr(err).execute(args);
  }

  @Override
  public Integer call() {
    OptimizerSettings settings;
    try {
      long maxHeapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
      settings = new OptimizerSettings(ams, group, threads, memoryMb == null ? (int) Math.min(Integer.MAX_VALUE, maxHeapMb) : memoryMb,
          gracePeriod, pollInterval, callTimeout, maxRetryDelay);
    } catch (InvalidInputException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    return runner.applyAsInt(settings);
  }

  static final class EndpointConverter implements ITypeConverter<ThriftEndpoint> {
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

  static final class DurationConverter implements ITypeConverter<Duration> {
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
