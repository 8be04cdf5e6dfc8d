package io.lakeward.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The generated sources are committed, so nothing in the build needs a Thrift compiler. This test
 * keeps them honest: the checksums that generate.sh recorded must match the IDL and generated files
 * as they are now, and where the 0.17 compiler is installed (CI installs it) a fresh generation
 * must produce exactly the committed sources.
 */
class ThriftIdlDriftTest {
  private static final Path MODULE = Paths.get("").toAbsolutePath();
  private static final Path IDL = MODULE.resolve("src/main/thrift");
  private static final Path GENERATED = MODULE.resolve("src/main/gen-java");
  private static final Path MANIFEST = MODULE.resolve("src/main/gen-java.sha256");

  @Test
  void recordedChecksumsMatchIdlAndGeneratedSources() throws IOException {
    Map<String, String> recorded = new TreeMap<>();
    for (String line : Files.readAllLines(MANIFEST, StandardCharsets.UTF_8)) {
      String[] parts = line.split("\\s+", 2);
      recorded.put(parts[1].trim(), parts[0]);
    }
    Map<String, String> actual = new TreeMap<>();
    for (Path file : sourceFiles()) {
      actual.put(MODULE.relativize(file).toString(), sha256(file));
    }
    assertThat(actual)
        .as("IDL or generated sources changed without running thrift/generate.sh")
        .isEqualTo(recorded);
  }

  @Test
  void freshGenerationEqualsCommittedSources() throws Exception {
    if (!compilerAvailable()) {
      // The checksum test above still guards drift; this stronger check needs the compiler.
      System.err.println("thrift 0.17.0 not on PATH: regeneration comparison not run");
      return;
    }
    Path out = Files.createTempDirectory("lakeward-thrift-gen");
    try (Stream<Path> idls = Files.list(IDL)) {
      for (Path idl : idls.filter(p -> p.toString().endsWith(".thrift")).sorted().toList()) {
        run(List.of("thrift", "--gen", "java:generated_annotations=suppress", "-out", out.toString(), idl.toString()));
      }
    }
    assertThat(checksums(out)).isEqualTo(checksums(GENERATED));
  }

  private static boolean compilerAvailable() {
    try {
      Process process = new ProcessBuilder("thrift", "--version").redirectErrorStream(true).start();
      String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return process.waitFor(30, TimeUnit.SECONDS) && version.contains("0.17.0");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  private static Map<String, String> checksums(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .collect(Collectors.toMap(p -> root.relativize(p).toString(), ThriftIdlDriftTest::sha256, (a, b) -> a, TreeMap::new));
    }
  }

  private static List<Path> sourceFiles() throws IOException {
    try (Stream<Path> idl = Files.walk(IDL); Stream<Path> gen = Files.walk(GENERATED)) {
      return Stream.concat(idl, gen)
          .filter(p -> p.toString().endsWith(".thrift") || p.toString().endsWith(".java"))
          .sorted()
          .toList();
    }
  }

  private static String sha256(Path file) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
